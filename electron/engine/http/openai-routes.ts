/**
 * The OpenAI-compatible surface Ollama also offers (`/v1/...`), so OpenAI clients and the paid-API
 * code path can be exercised against the local engine. Errors use OpenAI's `{error: {...}}` shape.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { badRequest } from "../engine-error.js";
import type { Engine } from "../engine.js";
import { disconnectSignal, errorMessage, readJson, sendJson, StreamWriter } from "./http-util.js";
import type { ModelOptions } from "./ollama-requests.js";

const content = z.union([
  z.string().max(8_000_000),
  z.array(z.object({ type: z.string(), text: z.string().max(8_000_000).optional() }).loose()).max(256),
]);

/** Loose on purpose: OpenAI clients send fields Ollama ignores too (n, user, logprobs...). */
const chatCompletionSchema = z.object({
  model: z.string().max(400),
  messages: z.array(z.object({ role: z.enum(["system", "developer", "user", "assistant", "tool"]), content: content.nullable().optional() }).loose()).min(1).max(10_000),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  max_completion_tokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(32)]).nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  response_format: z.object({
    type: z.enum(["text", "json_object", "json_schema"]),
    json_schema: z.object({ schema: z.record(z.string(), z.unknown()).optional() }).loose().optional(),
  }).nullable().optional(),
}).loose();

const embeddingsSchema = z.object({
  model: z.string().max(400),
  input: z.union([z.string(), z.array(z.string()).max(2048)]),
  dimensions: z.number().int().min(1).optional(),
  encoding_format: z.enum(["float", "base64"]).optional(),
}).loose();

/** OpenAI's base64 encoding: the float32 little-endian bytes of the vector. */
const toBase64 = (v: number[]) => Buffer.from(new Float32Array(v).buffer).toString("base64");

function openAiError(res: ServerResponse, error: unknown): void {
  const { status, message } = errorMessage(error);
  if (res.headersSent) return void res.destroy();
  sendJson(res, status === 499 ? 400 : status, {
    error: { message, type: status >= 500 ? "api_error" : "invalid_request_error", param: null, code: null },
  });
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw badRequest(`invalid ${issue.path.join(".") || "request"}: ${issue.message}`);
  }
  return result.data;
}

const textOf = (c: z.infer<typeof content> | null | undefined) =>
  typeof c === "string" ? c : (c ?? []).map((part) => part.text ?? "").join("");

export async function listModels(engine: Engine, res: ServerResponse): Promise<void> {
  const models = await engine.catalog.list();
  sendJson(res, 200, {
    object: "list",
    data: models.map((m) => ({ id: m.name, object: "model", created: Math.floor(m.modifiedAt.getTime() / 1000), owned_by: "library" })),
  });
}

export async function chatCompletions(engine: Engine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = parse(chatCompletionSchema, await readJson(req));
    const options: ModelOptions = {};
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    if (maxTokens) options.num_predict = maxTokens;
    if (body.temperature != null) options.temperature = body.temperature;
    if (body.top_p != null) options.top_p = body.top_p;
    if (body.seed != null) options.seed = body.seed;
    if (body.stop != null) options.stop = typeof body.stop === "string" ? [body.stop] : body.stop;
    if (body.presence_penalty != null) options.presence_penalty = body.presence_penalty;
    if (body.frequency_penalty != null) options.frequency_penalty = body.frequency_penalty;
    const format = body.response_format?.type === "json_object" ? "json"
      : body.response_format?.type === "json_schema" ? body.response_format.json_schema?.schema ?? "json" : undefined;
    const id = `chatcmpl-${randomBytes(6).toString("hex")}`;
    const created = Math.floor(Date.now() / 1000);
    const writer = body.stream ? new StreamWriter(res, "sse") : undefined;
    const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
      id, object: "chat.completion.chunk", created, model: body.model, system_fingerprint: "fp_ragents",
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    let first = true;
    try {
      const outcome = await engine.complete({
        model: body.model,
        input: { kind: "chat", messages: body.messages.map((m) => ({ role: m.role === "developer" ? "system" : m.role, content: textOf(m.content) })) },
        options, format, keepAliveMs: engine.options.defaultKeepAliveMs, signal: disconnectSignal(res),
        onText: (text) => {
          writer?.write(chunk(first ? { role: "assistant", content: text } : { content: text }, null));
          first = false;
        },
      });
      const r = outcome.result!;
      const finish = r.doneReason === "length" ? "length" : "stop";
      const usage = { prompt_tokens: r.promptEvalCount, completion_tokens: r.evalCount, total_tokens: r.promptEvalCount + r.evalCount };
      if (writer) {
        writer.write(chunk(first ? { role: "assistant", content: "" } : {}, finish));
        if (body.stream_options?.include_usage) writer.write({ id, object: "chat.completion.chunk", created, model: body.model, choices: [], usage });
        writer.end();
      } else {
        sendJson(res, 200, {
          id, object: "chat.completion", created, model: body.model, system_fingerprint: "fp_ragents",
          choices: [{ index: 0, message: { role: "assistant", content: r.text }, finish_reason: finish }],
          usage,
        });
      }
    } catch (error) {
      if (writer?.hasStarted) { writer.write({ error: { message: errorMessage(error).message } }); writer.end(); } else throw error;
    }
  } catch (error) {
    openAiError(res, error);
  }
}

export async function embeddings(engine: Engine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = parse(embeddingsSchema, await readJson(req));
    const inputs = typeof body.input === "string" ? [body.input] : body.input;
    const out = await engine.embed(body.model, inputs, {
      truncate: true, options: {}, keepAliveMs: engine.options.defaultKeepAliveMs, signal: disconnectSignal(res),
      ...(body.dimensions ? { dimensions: body.dimensions } : {}),
    });
    sendJson(res, 200, {
      object: "list", model: body.model,
      data: out.embeddings.map((embedding, index) => ({ object: "embedding", embedding: body.encoding_format === "base64" ? toBase64(embedding) : embedding, index })),
      usage: { prompt_tokens: out.promptEvalCount, total_tokens: out.promptEvalCount },
    });
  } catch (error) {
    openAiError(res, error);
  }
}
