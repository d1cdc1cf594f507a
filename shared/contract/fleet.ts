/**
 * Fleet actions: list, pull (with progress and cancel), delete, load, unload, benchmark.
 * Every action names its endpoint explicitly; nothing guesses where a model lives.
 */
import { z } from "zod";
import { LIMITS, bytesSchema, emptyRequest, endpointIdSchema, httpUrlSchema, modelNameSchema, sha256Schema } from "./common.js";
import { fleetChangeSchema, fleetSnapshotSchema, pullProgressSchema } from "./fleet-state.js";

/**
 * Ollama's keep_alive: a duration string (`"30s"`, `"5m"`, `"1h"`), seconds as a number, or a
 * negative value for "keep loaded until unloaded".
 */
export const keepAliveSchema = z.union([
  z.number().int().min(-1).max(365 * 24 * 3600),
  z.string().regex(/^-?\d{1,6}(\.\d{1,3})?(ms|s|m|h)$/, "keepAlive must look like 30s, 5m or 1h"),
]);

const modelRef = { endpointId: endpointIdSchema, model: modelNameSchema };

/** Whether a model would fit the RAM budget if loaded now. */
export const loadCheckSchema = z.object({
  fits: z.boolean(),
  /** Estimated memory the model needs when loaded (file size plus context overhead). */
  requiredBytes: bytesSchema,
  budgetBytes: bytesSchema,
  usedByModelsBytes: bytesSchema,
  /** Why it would not fit, in words; null when it fits. */
  warning: z.string().max(LIMITS.message).nullable(),
});

export const benchmarkResultSchema = z.object({
  endpointId: endpointIdSchema,
  model: z.string().max(LIMITS.modelName),
  promptTokens: z.number().int().nonnegative(),
  generatedTokens: z.number().int().nonnegative(),
  /** From the endpoint's own eval_count / eval_duration. */
  tokensPerSecond: z.number().nonnegative().nullable(),
  promptTokensPerSecond: z.number().nonnegative().nullable(),
  /** Measured by the core, from sending the request to the first streamed token. */
  timeToFirstTokenMs: z.number().nonnegative().nullable(),
  totalMs: z.number().nonnegative(),
});

export const fleetChannels = {
  /** The whole fleet: every endpoint with its installed and loaded models, throughput, and running pulls. */
  "fleet:list": { request: emptyRequest, response: fleetSnapshotSchema },
  /**
   * Start pulling a model onto an endpoint; returns at once with the pull's id, then progress
   * arrives as `fleet:pull-progress`. Ollama endpoints pull `model` from their registry; the
   * built-in engine can also pull a GGUF from `url` (optionally verified against `sha256`).
   * `conflict` if the same model is already being pulled onto that endpoint.
   */
  "fleet:pull": {
    request: z.strictObject({ ...modelRef, url: httpUrlSchema.optional(), sha256: sha256Schema.optional() }),
    response: z.object({ pull: pullProgressSchema }),
  },
  /** Cancel a running pull; the endpoint is left without a partial model. `not_found` for an unknown id. */
  "fleet:pull-cancel": {
    request: z.strictObject({ pullId: z.string().min(1).max(64) }),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** Delete an installed model. `confirm: true` must be sent explicitly: deleting cannot be undone. */
  "fleet:delete": {
    request: z.strictObject({
      ...modelRef,
      confirm: z.literal(true, { error: "deleting a model needs confirm: true" }),
    }),
    response: z.object({ deleted: z.literal(true) }),
  },
  /** Would this model fit the RAM budget if loaded now? Ask before `fleet:load` to warn the user. */
  "fleet:load-check": { request: z.strictObject(modelRef), response: loadCheckSchema },
  /**
   * Load a model into memory (an empty generate with keep_alive). If it would not fit the budget
   * and `allowOverBudget` is not set, nothing is loaded and the outcome is `over-budget` with the check.
   */
  "fleet:load": {
    request: z.strictObject({ ...modelRef, keepAlive: keepAliveSchema.optional(), allowOverBudget: z.boolean().optional() }),
    response: z.discriminatedUnion("outcome", [
      z.object({ outcome: z.literal("loaded"), loadMs: z.number().nonnegative(), check: loadCheckSchema }),
      z.object({ outcome: z.literal("over-budget"), check: loadCheckSchema }),
    ]),
  },
  /** Unload a model now (keep_alive 0). */
  "fleet:unload": { request: z.strictObject(modelRef), response: z.object({ unloaded: z.literal(true) }) },
  /**
   * Unload every loaded model that no rAgents request is using, on one endpoint or (without
   * endpointId) on all. Returns what was unloaded.
   */
  "fleet:unload-idle": {
    request: z.strictObject({ endpointId: endpointIdSchema.optional() }),
    response: z.object({
      unloaded: z.array(z.object({ endpointId: endpointIdSchema, model: z.string().max(LIMITS.modelName) })).max(LIMITS.models),
    }),
  },
  /**
   * Run a short fixed prompt through a model (streaming) and report tokens/sec and time to
   * first token. The result also feeds the fleet's rolling throughput.
   */
  "fleet:benchmark": {
    request: z.strictObject({ ...modelRef, maxTokens: z.number().int().min(1).max(512).optional() }),
    response: benchmarkResultSchema,
  },
} as const;

export const fleetEvents = {
  /** What changed in the fleet since the last event (coalesced, at most a few per second). */
  "fleet:changed": z.object({
    revision: z.number().int().nonnegative(),
    changes: z.array(fleetChangeSchema).max(10_000),
  }),
  /** Progress of a pull (throttled while running; the final state is always sent). */
  "fleet:pull-progress": pullProgressSchema,
} as const;

export type KeepAlive = z.infer<typeof keepAliveSchema>;
export type LoadCheck = z.infer<typeof loadCheckSchema>;
export type BenchmarkResult = z.infer<typeof benchmarkResultSchema>;
