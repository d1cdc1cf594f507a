import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_ANSWER_FORMAT, startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine;
let ollama: Ollama;

beforeAll(async () => {
  engine = await startEngine({ models: [{ name: "tiny-random" }, { name: "team/helper:v2", seed: 7 }] });
  ollama = new Ollama({ host: engine.url });
});
afterAll(() => engine?.stop());

describe("the official ollama client against the built-in engine", () => {
  it("reports its version", async () => {
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("lists models with Ollama's fields and labels random weights", async () => {
    const { models } = await ollama.list();
    expect(models.map((m) => m.name).sort()).toEqual(["team/helper:v2", "tiny-random:latest"]);
    const tiny = models.find((m) => m.name === "tiny-random:latest")!;
    expect(tiny.size).toBeGreaterThan(400_000);
    expect(tiny.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(tiny.modified_at).getTime()).toBeGreaterThan(0);
    expect(tiny.details).toMatchObject({ format: "gguf", family: "llama", quantization_level: "F32" });
    expect(tiny.details.families).toContain("random-weights");
    expect(tiny.details.parameter_size).toMatch(/K$/);
    // Different seeds make different files, and so different digests.
    expect(models.find((m) => m.name === "team/helper:v2")!.digest).not.toBe(tiny.digest);
  });

  it("shows a model's template and metadata", async () => {
    const shown = await ollama.show({ model: "tiny-random" });
    expect(shown.template).toContain("<|im_start|>");
    // The client types model_info as a Map; on the wire it is a plain object, as in Ollama.
    const info = shown.model_info as unknown as Record<string, unknown>;
    expect(info["llama.embedding_length"]).toBe(64);
    expect(info["ragents.random_weights"]).toBe(true);
    expect(shown.details.family).toBe("llama");
  });

  it("chats without streaming, with measured timings", async () => {
    const res = await ollama.chat({
      model: "tiny-random",
      messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "Say hi" }],
      stream: false,
      options: { num_predict: 12, seed: 42, temperature: 0.7 },
    });
    expect(res.done).toBe(true);
    expect(["stop", "length"]).toContain(res.done_reason);
    expect(res.message.role).toBe("assistant");
    expect(res.eval_count).toBeGreaterThan(0);
    expect(res.eval_count).toBeLessThanOrEqual(12);
    expect(res.prompt_eval_count).toBeGreaterThan(5);
    expect(res.eval_duration).toBeGreaterThan(0);
    expect(res.total_duration).toBeGreaterThanOrEqual(res.eval_duration + res.prompt_eval_duration);
  });

  it("is deterministic for a fixed seed", async () => {
    const ask = () => ollama.generate({ model: "tiny-random", prompt: "repeat", stream: false, options: { num_predict: 20, seed: 5 } });
    const [a, b] = [await ask(), await ask()];
    expect(a.response).toBe(b.response);
    expect(a.eval_count).toBe(b.eval_count);
  });

  it("streams chat chunks, ending with a done chunk carrying the stats", async () => {
    const stream = await ollama.chat({
      model: "tiny-random", messages: [{ role: "user", content: "stream please" }], stream: true,
      options: { num_predict: 30, seed: 1 },
    });
    const chunks = [];
    for await (const part of stream) chunks.push(part);
    const last = chunks.at(-1)!;
    expect(last.done).toBe(true);
    expect(chunks.slice(0, -1).every((c) => !c.done)).toBe(true);
    const text = chunks.map((c) => c.message.content).join("");
    expect(text.length).toBeGreaterThan(0);
    expect(last.eval_count).toBeGreaterThanOrEqual(chunks.length - 1);
  });

  it("streams generate and returns the context tokens", async () => {
    const stream = await ollama.generate({ model: "tiny-random", prompt: "once upon", stream: true, options: { num_predict: 10, seed: 3 } });
    let final;
    for await (const part of stream) if (part.done) final = part;
    expect(final!.context!.length).toBeGreaterThan(final!.prompt_eval_count);
  });

  it("stops at a stop string and does not emit it", async () => {
    // Greedy output of this seed is known only at run time: take a piece of it as the stop string.
    const free = await ollama.generate({ model: "tiny-random", prompt: "abc", stream: false, options: { num_predict: 40, temperature: 0, seed: 1 } });
    const visible = (free.response ?? "").replace(/[^\x21-\x7e]/g, "");
    if (visible.length < 4) return; // nothing printable to stop on for this output
    const stop = visible.slice(2, 4);
    const stopped = await ollama.generate({ model: "tiny-random", prompt: "abc", stream: false, options: { num_predict: 40, temperature: 0, seed: 1, stop: [stop] } });
    expect(stopped.done_reason).toBe("stop");
    expect(stopped.response).not.toContain(stop);
    expect((free.response ?? "").startsWith(stopped.response ?? "")).toBe(true);
  });

  it("aborts a stream mid-way and the engine keeps serving", async () => {
    const stream = await ollama.generate({ model: "tiny-random", prompt: "long", stream: true, format: LONG_ANSWER_FORMAT, options: { num_predict: 6000 } });
    let received = 0;
    await expect((async () => {
      for await (const part of stream) {
        received += (part.response ?? "").length;
        if (received > 20) stream.abort();
      }
    })()).rejects.toThrow(/abort/i);
    const after = await ollama.generate({ model: "tiny-random", prompt: "still there?", stream: false, options: { num_predict: 3 } });
    expect(after.done).toBe(true);
  });

  it("embeds with mean-pooled, normalised vectors", async () => {
    const res = await ollama.embed({ model: "tiny-random", input: ["hello world", "something else entirely"] });
    expect(res.embeddings).toHaveLength(2);
    for (const v of res.embeddings) {
      expect(v).toHaveLength(64);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(res.embeddings[0]).not.toEqual(res.embeddings[1]);
    const again = await ollama.embed({ model: "tiny-random", input: "hello world" });
    expect(again.embeddings[0]![0]).toBeCloseTo(res.embeddings[0]![0]!, 5);
  });

  it("loads, lists in ps, and unloads with keep_alive", async () => {
    await ollama.generate({ model: "team/helper:v2", prompt: "", keep_alive: "10m" });
    let ps = await ollama.ps();
    const loaded = ps.models.find((m) => m.name === "team/helper:v2");
    expect(loaded).toBeDefined();
    expect(loaded!.size).toBeGreaterThan(0);
    expect(loaded!.size_vram).toBe(0);
    const expiresIn = new Date(loaded!.expires_at).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(8 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
    const unloaded = await ollama.generate({ model: "team/helper:v2", prompt: "", keep_alive: 0 });
    expect(unloaded.done_reason).toBe("unload");
    ps = await ollama.ps();
    expect(ps.models.find((m) => m.name === "team/helper:v2")).toBeUndefined();
  });

  it("keeps a model forever with a negative keep_alive", async () => {
    await ollama.generate({ model: "team/helper:v2", prompt: "", keep_alive: -1 });
    const loaded = (await ollama.ps()).models.find((m) => m.name === "team/helper:v2")!;
    expect(new Date(loaded.expires_at).getUTCFullYear()).toBeGreaterThan(2300);
    await ollama.generate({ model: "team/helper:v2", prompt: "", keep_alive: 0 });
  });

  it("reuses the cached prefix: a follow-up turn evaluates only what is new", async () => {
    const history = [{ role: "system", content: "You review code. ".repeat(20) }, { role: "user", content: "First question" }];
    const first = await ollama.chat({ model: "team/helper:v2", messages: history, stream: false, options: { num_predict: 4, seed: 1 } });
    const followUp = await ollama.chat({
      model: "team/helper:v2", stream: false, options: { num_predict: 4, seed: 1 },
      messages: [...history, { role: "assistant", content: first.message.content }, { role: "user", content: "And a second one" }],
    });
    // The long system prompt is evaluated once; the second request pays for the new turns only.
    expect(first.prompt_eval_count).toBeGreaterThan(100);
    expect(followUp.prompt_eval_count).toBeLessThan(first.prompt_eval_count / 2);
  });

  it("unloads a model when its keep_alive runs out", async () => {
    await ollama.generate({ model: "team/helper:v2", prompt: "short stay", keep_alive: "1s", options: { num_predict: 1 } });
    expect((await ollama.ps()).models.map((m) => m.name)).toContain("team/helper:v2");
    await expect.poll(async () => (await ollama.ps()).models.map((m) => m.name), { timeout: 10_000, interval: 200 })
      .not.toContain("team/helper:v2");
  });

  it("copies and deletes models", async () => {
    await ollama.copy({ source: "tiny-random", destination: "tiny-copy:v1" });
    let names = (await ollama.list()).models.map((m) => m.name);
    expect(names).toContain("tiny-copy:v1");
    const reply = await ollama.chat({ model: "tiny-copy:v1", messages: [{ role: "user", content: "hi" }], stream: false, options: { num_predict: 2 } });
    expect(reply.done).toBe(true);
    await ollama.delete({ model: "tiny-copy:v1" });
    names = (await ollama.list()).models.map((m) => m.name);
    expect(names).not.toContain("tiny-copy:v1");
    await expect(ollama.delete({ model: "tiny-copy:v1" })).rejects.toThrow(/not found/);
  });
});
