/**
 * Request bodies of Ollama's API (docs/api.md) as zod schemas. Unknown fields and unknown
 * options are refused rather than silently ignored: a typo in `num_predcit` should say so, not
 * generate forever. Ranges are generous but bounded, so absurd values fail before any work.
 */
import { z } from "zod";
import { badRequest } from "../engine-error.js";

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Upper bound for num_ctx; larger requests are refused before any memory is touched. */
export const MAX_NUM_CTX = 131_072;

export const optionsSchema = z.strictObject({
  // Runner options (load time)
  numa: z.boolean(),
  num_ctx: int(16, MAX_NUM_CTX),
  num_batch: int(1, 65_536),
  num_gpu: int(-1, 100_000),
  main_gpu: int(0, 64),
  low_vram: z.boolean(),
  f16_kv: z.boolean(),
  logits_all: z.boolean(),
  vocab_only: z.boolean(),
  use_mmap: z.boolean(),
  use_mlock: z.boolean(),
  num_thread: int(0, 1024),
  // Sampling options (per request)
  num_keep: int(-1, MAX_NUM_CTX),
  seed: z.number().int().min(-1).max(2 ** 32 - 1),
  num_predict: int(-2, 1_000_000),
  top_k: int(0, 1_000_000),
  top_p: z.number().min(0).max(1),
  min_p: z.number().min(0).max(1),
  typical_p: z.number().min(0).max(1),
  tfs_z: z.number().min(0).max(100),
  repeat_last_n: int(-1, MAX_NUM_CTX),
  temperature: z.number().min(0).max(100),
  repeat_penalty: z.number().min(0).max(100),
  presence_penalty: z.number().min(-100).max(100),
  frequency_penalty: z.number().min(-100).max(100),
  mirostat: int(0, 2),
  mirostat_tau: z.number().min(0).max(100),
  mirostat_eta: z.number().min(0).max(100),
  penalize_newline: z.boolean(),
  stop: z.union([z.string().max(1000), z.array(z.string().min(1).max(1000)).max(32)]),
}).partial();

export type ModelOptions = z.infer<typeof optionsSchema>;

const keepAlive = z.union([z.number(), z.string().max(64)]);
/** "json", a JSON schema object, or empty for free text. */
const format = z.union([z.literal(""), z.literal("json"), z.record(z.string(), z.unknown())]);
const images = z.array(z.string().max(50_000_000)).max(16);
/** Generous but finite: a prompt larger than any context is refused without tokenizing megabytes. */
const text = z.string().max(8_000_000);

export const generateSchema = z.strictObject({
  model: z.string().max(400),
  prompt: text.optional(),
  suffix: text.optional(),
  system: text.optional(),
  template: text.optional(),
  context: z.array(z.number().int().min(0)).max(MAX_NUM_CTX).optional(),
  images: images.optional(),
  format: format.optional(),
  options: optionsSchema.optional(),
  stream: z.boolean().optional(),
  raw: z.boolean().optional(),
  keep_alive: keepAlive.optional(),
  think: z.union([z.boolean(), z.enum(["low", "medium", "high"])]).optional(),
});

const toolCall = z.object({ function: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }) });

export const messageSchema = z.strictObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: text,
  images: images.optional(),
  thinking: text.optional(),
  tool_calls: z.array(toolCall).max(64).optional(),
  tool_name: z.string().max(200).optional(),
});

export const chatSchema = z.strictObject({
  model: z.string().max(400),
  messages: z.array(messageSchema).max(10_000).optional(),
  tools: z.array(z.unknown()).max(256).optional(),
  format: format.optional(),
  options: optionsSchema.optional(),
  stream: z.boolean().optional(),
  keep_alive: keepAlive.optional(),
  think: z.union([z.boolean(), z.enum(["low", "medium", "high"])]).optional(),
});

export const embedSchema = z.strictObject({
  model: z.string().max(400),
  input: z.union([text, z.array(text).max(2048)]),
  truncate: z.boolean().optional(),
  options: optionsSchema.optional(),
  keep_alive: keepAlive.optional(),
  dimensions: int(1, 100_000).optional(),
});

export const embeddingsSchema = z.strictObject({
  model: z.string().max(400),
  prompt: text,
  options: optionsSchema.optional(),
  keep_alive: keepAlive.optional(),
});

export const modelOnlySchema = z.strictObject({ model: z.string().max(400).optional(), name: z.string().max(400).optional(), verbose: z.boolean().optional() });
export const copySchema = z.strictObject({ source: z.string().max(400), destination: z.string().max(400) });
export const pullSchema = z.strictObject({
  model: z.string().max(4000).optional(),
  name: z.string().max(4000).optional(),
  url: z.string().max(4000).optional(),
  sha256: z.string().max(200).optional(),
  insecure: z.boolean().optional(),
  stream: z.boolean().optional(),
});

/** Parses a body with a schema and turns zod's issues into one Ollama-style sentence. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as { keys: string[] }).keys.join(", ");
    throw badRequest(where.startsWith("options") ? `invalid option provided: ${keys}` : `unknown field${keys.includes(",") ? "s" : ""} in request: ${keys}${where ? ` (in ${where})` : ""}`);
  }
  throw badRequest(`invalid ${where || "request"}: ${issue.message}`);
}

/** `keep_alive` as Ollama reads it: seconds, or a Go duration ("5m", "1h30m", "300ms"); negative = forever. */
export function parseKeepAlive(value: number | string | undefined, fallbackMs: number): number {
  if (value === undefined || value === "") return fallbackMs;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw badRequest("invalid keep_alive");
    return value < 0 ? -1 : Math.round(value * 1000);
  }
  const trimmed = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return parseKeepAlive(Number(trimmed), fallbackMs);
  const match = /^(-?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(trimmed);
  if (!match) throw badRequest(`invalid keep_alive duration '${value}'`);
  if (match[1] === "-") return -1;
  const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const part of match[2]!.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * unitMs[part[2]!]!;
  return Math.round(total);
}
