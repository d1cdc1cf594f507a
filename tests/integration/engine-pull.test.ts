import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRandomModel } from "../../electron/engine/gguf/random-model.js";
import { json, makeTempDir, postJson, startEngine, type RunningEngine } from "../support/engine.js";
import { startFileServer, type FileServer } from "../support/file-server.js";

let engine: RunningEngine;
let ollama: Ollama;
let files: FileServer;
let good: Buffer;
let goodSha: string;

beforeAll(async () => {
  const dir = await makeTempDir("ragents-pull-src-");
  const path = join(dir, "coder.gguf");
  await makeRandomModel({ out: path, seed: 11 });
  good = await readFile(path);
  goodSha = createHash("sha256").update(good).digest("hex");
  const corrupted = Buffer.from(good);
  corrupted[corrupted.length - 100] = corrupted[corrupted.length - 100]! ^ 0xff; // one flipped byte: same size, wrong digest
  files = await startFileServer({
    "coder.gguf": good,
    "flipped.gguf": corrupted,
    "resumed.gguf": good,
    "cancelled.gguf": good,
    "truncated.gguf": good.subarray(0, good.length - 5000),
    "notgguf.gguf": Buffer.from("<html>this is an error page, not a model</html>"),
  });
  engine = await startEngine();
  ollama = new Ollama({ host: engine.url });
});
afterAll(async () => {
  await engine?.stop();
  await files?.close();
});

const names = async () => (await ollama.list()).models.map((m) => m.name);
/** Every file under the models folder, partial downloads included. */
async function allFiles(): Promise<string[]> {
  return (await readdir(engine.modelsDir, { recursive: true })).map(String);
}

describe("pulling GGUF files over http", () => {
  it("streams Ollama-style progress to success, verified against the sha256", async () => {
    const progress = [];
    const stream = await ollama.pull({ model: `${files.url("coder.gguf")}#sha256=${goodSha}`, stream: true });
    for await (const p of stream) progress.push(p);
    const statuses = progress.map((p) => p.status);
    expect(statuses[0]).toBe("pulling manifest");
    expect(statuses).toContain("verifying sha256 digest");
    expect(statuses.at(-1)).toBe("success");
    const downloading = progress.filter((p) => p.total);
    expect(downloading.at(-1)).toMatchObject({ digest: `sha256:${goodSha}`, total: good.length, completed: good.length });
    for (let i = 1; i < downloading.length; i++) expect(downloading[i]!.completed).toBeGreaterThanOrEqual(downloading[i - 1]!.completed);
    const listed = (await ollama.list()).models.find((m) => m.name === "coder:latest");
    expect(listed?.digest).toBe(goodSha);
    const reply = await ollama.generate({ model: "coder", prompt: "hi", stream: false, options: { num_predict: 3 } });
    expect(reply.done).toBe(true);
  });

  it("pulls under a chosen name with explicit url and sha256 fields", async () => {
    const res = await postJson(`${engine.url}/api/pull`, { model: "team/coder:q1", url: files.url("coder.gguf"), sha256: goodSha, stream: false });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "success" });
    expect(await names()).toContain("team/coder:q1");
  });

  it("rejects a corrupted download and leaves nothing under the model's name", async () => {
    const stream = await ollama.pull({ model: `${files.url("flipped.gguf")}#sha256=${goodSha}`, stream: true });
    await expect((async () => { for await (const _ of stream) { /* drain */ } })()).rejects.toThrow(/digest mismatch/);
    expect(await names()).not.toContain("flipped:latest");
    expect((await allFiles()).filter((f) => f.includes("flipped"))).toEqual([]);
  });

  it("rejects a file that is not GGUF, or is truncated, even without a digest", async () => {
    for (const [file, why] of [["notgguf.gguf", /not a GGUF/], ["truncated.gguf", /truncated/]] as const) {
      const res = await postJson(`${engine.url}/api/pull`, { model: files.url(file), stream: false });
      expect(res.status).toBe(500);
      expect((await json(res)).error).toMatch(why);
      expect(await names()).not.toContain(file.replace(".gguf", ":latest"));
    }
  });

  it("resumes an interrupted download with a Range request", async () => {
    files.dropNextAfter("resumed.gguf", 200_000);
    const first = await postJson(`${engine.url}/api/pull`, { model: `${files.url("resumed.gguf")}#sha256=${goodSha}`, stream: false });
    expect(first.status).toBe(500);
    expect(await names()).not.toContain("resumed:latest");
    const second = await postJson(`${engine.url}/api/pull`, { model: `${files.url("resumed.gguf")}#sha256=${goodSha}`, stream: false });
    expect(second.status).toBe(200);
    const ranges = files.requests.filter((r) => r.path === "resumed.gguf").map((r) => r.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(ranges[1]!)![0])).toBeGreaterThan(0);
    expect((await ollama.list()).models.find((m) => m.name === "resumed:latest")?.digest).toBe(goodSha);
  });

  it("a cancelled pull leaves no model", async () => {
    const release = files.stallNext("cancelled.gguf");
    const stream = await ollama.pull({ model: files.url("cancelled.gguf"), stream: true });
    for await (const p of stream) if (p.total) break; // the download has begun: cancel it
    stream.abort();
    // The engine must pass the cancel on: its own download from the file server is dropped.
    await files.clientGaveUp("cancelled.gguf");
    release();
    expect(await names()).not.toContain("cancelled:latest");
    expect((await allFiles()).filter((f) => f.endsWith(".gguf") && f.includes("cancelled"))).toEqual([]);
  });

  it("refuses bad pull requests", async () => {
    for (const body of [{ model: "ftp://example.invalid/x.gguf" }, { model: "plain-name" }, { model: `${files.url("coder.gguf")}#sha256=xyz` }]) {
      const res = await postJson(`${engine.url}/api/pull`, body);
      expect(res.status).toBe(400);
      expect(typeof (await json(res)).error).toBe("string");
    }
    const missing = await postJson(`${engine.url}/api/pull`, { model: files.url("nope.gguf"), stream: false });
    expect(missing.status).toBe(404);
  });
});
