import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine;
let ollama: Ollama;

beforeAll(async () => {
  engine = await startEngine();
  const whole = await readFile(join(engine.modelsDir, "tiny-random", "latest.gguf"));
  await writeFile(join(engine.modelsDir, "broken.gguf"), whole.subarray(0, Math.floor(whole.length * 0.6)));
  await writeFile(join(engine.modelsDir, "junk.gguf"), "definitely not a model\n".repeat(100));
  await copyFile(join(engine.modelsDir, "tiny-random", "latest.gguf"), join(engine.modelsDir, "spare.gguf"));
  ollama = new Ollama({ host: engine.url });
});
afterAll(() => engine?.stop());

describe("faults", () => {
  it("a truncated GGUF gets a 500 with a clear error and the engine stays up", async () => {
    await expect(ollama.generate({ model: "broken", prompt: "x", stream: false }))
      .rejects.toMatchObject({ status_code: 500, error: expect.stringMatching(/truncated/) });
    await expect(ollama.chat({ model: "junk", messages: [{ role: "user", content: "x" }], stream: false }))
      .rejects.toMatchObject({ status_code: 500, error: expect.stringMatching(/not a GGUF/) });
    // Listed (so the user can see and delete them), but never loaded.
    const names = (await ollama.list()).models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["broken:latest", "junk:latest"]));
    expect((await ollama.ps()).models).toEqual([]);
    const ok = await ollama.generate({ model: "tiny-random", prompt: "x", stream: false, options: { num_predict: 2 } });
    expect(ok.done).toBe(true);
    await ollama.delete({ model: "broken" });
    expect((await ollama.list()).models.map((m) => m.name)).not.toContain("broken:latest");
  });

  it("kill -9 under supervision: restarted on the same URL, next request succeeds", async () => {
    const before = engine.supervisor.pid!;
    const states: string[] = [];
    const restarted = new Promise<void>((resolve) => {
      engine.supervisor.on("state", (state) => { states.push(state); if (state === "up") resolve(); });
    });
    process.kill(before, "SIGKILL");
    await restarted;
    expect(engine.supervisor.pid).not.toBe(before);
    expect(states).toEqual(["backoff", "starting", "up"]);
    expect(engine.supervisor.restarts).toBe(1);
    expect(engine.supervisor.url).toBe(engine.url);
    const reply = await ollama.generate({ model: "spare", prompt: "back?", stream: false, options: { num_predict: 2 } });
    expect(reply.done).toBe(true);
  });
});
