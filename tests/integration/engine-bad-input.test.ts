import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, postJson, startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine;
beforeAll(async () => { engine = await startEngine(); });
afterAll(() => engine?.stop());

/** Everything a bad request could have changed: the models on disk and the models in memory. */
async function snapshot() {
  const tags = await json(await fetch(`${engine.url}/api/tags`));
  const ps = await json(await fetch(`${engine.url}/api/ps`));
  return { tags, loaded: ps.models.map((m: { name: string }) => m.name) };
}

async function expectOllamaError(res: Response, status: number, pattern: RegExp) {
  expect(res.status).toBe(status);
  const body = await json(res);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error).toMatch(pattern);
}

const gen = (body: unknown) => postJson(`${engine.url}/api/generate`, body);

describe("bad input gets an Ollama-shaped error and changes nothing", () => {
  it.each([
    ["malformed JSON", () => gen("{\"model\": \"tiny-random\", "), 400, /invalid JSON/],
    ["an unknown field", () => gen({ model: "tiny-random", prompt: "x", temprature: 1 }), 400, /unknown field.*temprature/],
    ["an unknown option", () => gen({ model: "tiny-random", prompt: "x", options: { num_predcit: 5 } }), 400, /invalid option.*num_predcit/],
    ["num_ctx 10^9", () => gen({ model: "tiny-random", prompt: "x", options: { num_ctx: 1e9 } }), 400, /num_ctx/],
    ["num_predict -5", () => gen({ model: "tiny-random", prompt: "x", options: { num_predict: -5 } }), 400, /num_predict/],
    ["a negative temperature", () => gen({ model: "tiny-random", prompt: "x", options: { temperature: -1 } }), 400, /temperature/],
    ["options of the wrong type", () => gen({ model: "tiny-random", prompt: "x", options: { top_k: "many" } }), 400, /top_k/],
    ["a bad keep_alive", () => gen({ model: "tiny-random", prompt: "", keep_alive: "soon" }), 400, /keep_alive/],
    ["an unknown model", () => gen({ model: "no-such-model", prompt: "x" }), 404, /not found/],
    ["a path-traversal model name", () => gen({ model: "../../etc/passwd", prompt: "x" }), 400, /invalid model name/],
    ["a path-traversal delete", () => fetch(`${engine.url}/api/delete`, { method: "DELETE", body: JSON.stringify({ model: "../tiny-random/latest" }) }), 400, /invalid model name/],
    ["a path-traversal copy", () => postJson(`${engine.url}/api/copy`, { source: "tiny-random", destination: "../../outside" }), 400, /invalid model name/],
    ["a show of a traversal name", () => postJson(`${engine.url}/api/show`, { model: "/etc/passwd" }), 400, /invalid model name/],
    ["a chat message with a bad role", () => postJson(`${engine.url}/api/chat`, { model: "tiny-random", messages: [{ role: "wizard", content: "x" }] }), 400, /role/],
    ["a prompt beyond the context", () => gen({ model: "tiny-random", prompt: "lorem ipsum ".repeat(400), stream: false, options: { num_ctx: 256 } }), 400, /exceeds the context length/],
    ["images for a text-only model", () => gen({ model: "tiny-random", prompt: "x", images: ["aGVsbG8="] }), 400, /does not support images/],
    ["tools for a model without tool calling", () => postJson(`${engine.url}/api/chat`, { model: "tiny-random", messages: [{ role: "user", content: "x" }], tools: [{ type: "function", function: { name: "f" } }] }), 400, /does not support tools/],
    ["an unknown route", () => fetch(`${engine.url}/api/nope`), 404, /not found/],
    ["a wrong method", () => fetch(`${engine.url}/api/tags`, { method: "POST" }), 405, /not allowed/],
  ] as [string, () => Promise<Response>, number, RegExp][])("%s", async (_name, send, status, pattern) => {
    const before = await snapshot();
    await expectOllamaError(await send(), status, pattern);
    expect(await snapshot()).toEqual(before);
  });

  it("a huge prompt in a stream is refused before any chunk is sent", async () => {
    const res = await gen({ model: "tiny-random", prompt: "word ".repeat(3000), options: { num_ctx: 512 } });
    await expectOllamaError(res, 400, /exceeds the context length/);
  });
});
