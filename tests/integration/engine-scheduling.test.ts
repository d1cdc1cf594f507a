import { Ollama } from "ollama";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { json, LONG_ANSWER_FORMAT, postJson, startEngine, type RunningEngine } from "../support/engine.js";

const running: RunningEngine[] = [];
afterEach(async () => { for (const e of running.splice(0)) await e.stop(); });
afterAll(async () => { for (const e of running.splice(0)) await e.stop(); });

async function engineWith(options: Parameters<typeof startEngine>[0]) {
  const engine = await startEngine(options);
  running.push(engine);
  return { engine, ollama: new Ollama({ host: engine.url }) };
}

const loadedNames = async (ollama: Ollama) => (await ollama.ps()).models.map((m) => m.name).sort();

/** Starts a long generation and resolves once its first token has arrived (the slot is taken). */
async function holdSlot(ollama: Ollama, model: string) {
  const stream = await ollama.generate({ model, prompt: "hold", stream: true, format: LONG_ANSWER_FORMAT, options: { num_predict: 5000 } });
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next();
  const finished = (async () => { for (let r = await iterator.next(); !r.done; r = await iterator.next()) { /* drain */ } })();
  return { stream, finished };
}

describe("scheduling inside the engine", () => {
  it("runs N parallel chats on one model, more than it has slots, and all complete", async () => {
    const { ollama } = await engineWith({ parallel: 2 });
    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => ollama.chat({
      model: "tiny-random", messages: [{ role: "user", content: `question ${i}` }], stream: false, options: { num_predict: 16, seed: i },
    })));
    for (const r of replies) {
      expect(r.done).toBe(true);
      expect(r.eval_count).toBeGreaterThan(0);
    }
    expect(await loadedNames(ollama)).toEqual(["tiny-random:latest"]);
  });

  it("loads a second model within the RAM budget and evicts the least recently used idle one for a third", async () => {
    // Measure one model's footprint first, then give the engine room for two and a half.
    const probe = await engineWith({ parallel: 2 });
    await probe.ollama.generate({ model: "tiny-random", prompt: "" });
    const one = (await probe.ollama.ps()).models[0]!.size;
    await probe.engine.stop();
    running.splice(running.indexOf(probe.engine), 1);

    const budget = Math.floor(one * 2.5);
    const { ollama } = await engineWith({
      parallel: 2, ramBudgetBytes: budget,
      models: [{ name: "alpha", seed: 1 }, { name: "beta", seed: 2 }, { name: "gamma", seed: 3 }],
    });
    const ask = (model: string) => ollama.generate({ model, prompt: "hi", stream: false, keep_alive: "10m", options: { num_predict: 2 } });
    await ask("alpha");
    expect(await loadedNames(ollama)).toEqual(["alpha:latest"]);
    await ask("beta");
    expect(await loadedNames(ollama)).toEqual(["alpha:latest", "beta:latest"]);
    await ask("alpha"); // alpha is now the most recently used: beta is the one to go
    const loaded = await ask("gamma");
    expect(loaded.load_duration).toBeGreaterThan(0);
    expect(await loadedNames(ollama)).toEqual(["alpha:latest", "gamma:latest"]);
    const ps = await ollama.ps();
    expect(ps.models.reduce((sum, m) => sum + m.size, 0)).toBeLessThanOrEqual(budget);
    const warm = await ask("gamma");
    expect(warm.load_duration).toBe(0);
  });

  it("never evicts a busy model: a request for another model waits until one is idle", async () => {
    const probe = await engineWith({ parallel: 1 });
    await probe.ollama.generate({ model: "tiny-random", prompt: "" });
    const one = (await probe.ollama.ps()).models[0]!.size;
    const { ollama } = await engineWith({
      parallel: 1, ramBudgetBytes: Math.floor(one * 1.5),
      models: [{ name: "alpha", seed: 1 }, { name: "beta", seed: 2 }],
    });
    const busy = await holdSlot(ollama, "alpha");
    const waiting = ollama.generate({ model: "beta", prompt: "after", stream: false, options: { num_predict: 2 } });
    // While alpha is busy, beta cannot be loaded: ps still shows alpha alone.
    expect(await loadedNames(ollama)).toEqual(["alpha:latest"]);
    await busy.finished;
    expect((await waiting).done).toBe(true);
    expect(await loadedNames(ollama)).toEqual(["beta:latest"]);
  });

  it("refuses a model larger than the whole budget with Ollama's message", async () => {
    const { ollama } = await engineWith({ ramBudgetBytes: 1024 * 1024 });
    await expect(ollama.generate({ model: "tiny-random", prompt: "x", stream: false }))
      .rejects.toMatchObject({ status_code: 500, error: expect.stringMatching(/requires more system memory/) });
    expect(await loadedNames(ollama)).toEqual([]);
  });

  it("answers 503 when its queue is full, and still serves the queued request", async () => {
    const { engine, ollama } = await engineWith({ parallel: 1, extraArgs: ["--max-queue", "1"] });
    const busy = await holdSlot(ollama, "tiny-random");
    const body = { model: "tiny-random", prompt: "queued", stream: false, options: { num_predict: 2 } };
    const [b, c] = await Promise.all([postJson(`${engine.url}/api/generate`, body), postJson(`${engine.url}/api/generate`, body)]);
    const statuses = [b.status, c.status].sort();
    expect(statuses).toEqual([200, 503]);
    const refused = b.status === 503 ? b : c;
    expect((await json(refused)).error).toMatch(/maximum pending requests exceeded/);
    await busy.finished;
  });

  it("frees the slot at once when a client disconnects mid-stream", async () => {
    const { engine, ollama } = await engineWith({ parallel: 1 });
    const busy = await holdSlot(ollama, "tiny-random");
    busy.stream.abort();
    await busy.finished.catch(() => undefined);
    const line = await engine.waitForLog(/generation aborted by client after (\d+) tokens/);
    // The forced answer is 300+ items (over 1200 tokens): the generation stopped well before it.
    expect(Number(/after (\d+) tokens/.exec(line)![1])).toBeLessThan(1200);
    const next = await ollama.generate({ model: "tiny-random", prompt: "next", stream: false, options: { num_predict: 2 } });
    expect(next.done).toBe(true);
  });
});
