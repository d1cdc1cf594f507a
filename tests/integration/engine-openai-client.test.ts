import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, postJson, startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine;
let openai: OpenAI;

beforeAll(async () => {
  engine = await startEngine();
  openai = new OpenAI({ baseURL: `${engine.url}/v1`, apiKey: "unused-by-the-engine", maxRetries: 0 });
});
afterAll(() => engine?.stop());

describe("the official openai client against the built-in engine", () => {
  it("lists models", async () => {
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["tiny-random:latest"]);
  });

  it("completes a chat with usage", async () => {
    const res = await openai.chat.completions.create({
      model: "tiny-random", messages: [{ role: "user", content: "hello" }], max_tokens: 8, seed: 2,
    });
    expect(res.object).toBe("chat.completion");
    expect(res.choices[0]!.message.role).toBe("assistant");
    expect(["stop", "length"]).toContain(res.choices[0]!.finish_reason);
    expect(res.usage!.completion_tokens).toBeGreaterThan(0);
    expect(res.usage!.completion_tokens).toBeLessThanOrEqual(8);
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  it("streams a chat over SSE, with a usage chunk when asked", async () => {
    const stream = await openai.chat.completions.create({
      model: "tiny-random", messages: [{ role: "user", content: "stream" }], max_tokens: 20, seed: 4,
      stream: true, stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish).toBeDefined();
    const usage = chunks.at(-1)!.usage!;
    expect(usage.completion_tokens).toBeGreaterThan(0);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
    const same = await openai.chat.completions.create({ model: "tiny-random", messages: [{ role: "user", content: "stream" }], max_tokens: 20, seed: 4 });
    expect(text).toBe(same.choices[0]!.message.content);
  });

  it("honours response_format json_schema", async () => {
    const res = await openai.chat.completions.create({
      model: "tiny-random", messages: [{ role: "user", content: "pick" }], seed: 9,
      response_format: { type: "json_schema", json_schema: { name: "pick", schema: { type: "object", properties: { choice: { enum: ["a", "b"] } }, required: ["choice"] } } },
    });
    expect(["a", "b"]).toContain(JSON.parse(res.choices[0]!.message.content!).choice);
  });

  it("answers errors in OpenAI's shape", async () => {
    await expect(openai.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] }))
      .rejects.toMatchObject({ status: 404 });
    const res = await postJson(`${engine.url}/v1/chat/completions`, { model: "tiny-random", messages: [] });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(/messages/);
  });

  it("embeds", async () => {
    const res = await openai.embeddings.create({ model: "tiny-random", input: ["a", "b"] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]!.embedding).toHaveLength(64);
  });
});
