import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_ANSWER_FORMAT, startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine;
beforeAll(async () => { engine = await startEngine(); });
afterAll(() => engine?.stop());

describe("tokens per second in the final chunk", () => {
  it("agrees with what the client counted and timed", async () => {
    const ollama = new Ollama({ host: engine.url });
    await ollama.generate({ model: "tiny-random", prompt: "", keep_alive: "5m" }); // warm: no load in the timing
    // The grammar forces a long answer of short tokens, so each chunk is one token.
    const started = performance.now();
    const stream = await ollama.generate({ model: "tiny-random", prompt: "count", stream: true, format: LONG_ANSWER_FORMAT, options: { num_predict: 400, seed: 1 } });
    let chunks = 0;
    let first = 0;
    let last = 0;
    let final;
    for await (const part of stream) {
      if (part.done) { final = part; break; }
      chunks++;
      last = performance.now();
      if (chunks === 1) first = last;
    }
    const wallMs = performance.now() - started;
    expect(final!.eval_count).toBe(400);
    // Chunks hold whole characters: never more chunks than tokens, and most tokens are a chunk
    // (a byte token that ends mid-character waits for the rest of it).
    expect(chunks).toBeLessThanOrEqual(final!.eval_count!);
    expect(chunks).toBeGreaterThanOrEqual(final!.eval_count! * 0.5);
    const serverMs = final!.eval_duration! / 1e6;
    // The engine's clock runs inside the client's: what it measured cannot exceed what the client saw.
    expect(serverMs).toBeLessThanOrEqual(wallMs);
    expect(final!.total_duration! / 1e6).toBeLessThanOrEqual(wallMs);
    // And between the first and last chunk the client saw nearly all of the generation.
    const clientRate = (chunks - 1) / ((last - first) / 1000);
    const serverRate = final!.eval_count! / (serverMs / 1000);
    expect(clientRate / serverRate).toBeGreaterThan(0.5);
    expect(clientRate / serverRate).toBeLessThan(2);
  });
});
