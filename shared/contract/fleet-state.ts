/**
 * What the fleet looks like: endpoints, their installed and loaded models, and measured
 * tokens/sec. `fleet:list` returns all of it; `fleet:changed` carries only what changed.
 */
import { z } from "zod";
import { LIMITS, bytesSchema, endpointIdSchema, isoTimeSchema } from "./common.js";

/** Which kind of server an endpoint is; later kinds (OpenAI-compatible, remote worker) join here. */
export const endpointKindSchema = z.enum(["ollama-local", "ollama-remote", "builtin-engine"]);

/**
 * Who runs the server: `external` servers belong to the user and are never stopped by rAgents;
 * `ragents` ones were started (and are supervised) by rAgents.
 */
export const endpointOwnerSchema = z.enum(["external", "ragents"]);

/** `unknown` until the first probe finishes; `starting` while rAgents brings its own server up. */
export const endpointStatusSchema = z.enum(["unknown", "starting", "up", "down"]);

export const installedModelSchema = z.object({
  /** `name:tag`, as the endpoint reports it. */
  name: z.string().max(LIMITS.modelName),
  sizeBytes: bytesSchema,
  digest: z.string().max(128),
  family: z.string().max(100),
  parameterSize: z.string().max(50),
  quantization: z.string().max(50),
  modifiedAt: isoTimeSchema,
  /** Random-weight demo models say so, so the UI can warn that their output is gibberish. */
  randomWeights: z.boolean(),
});

export const loadedModelSchema = z.object({
  name: z.string().max(LIMITS.modelName),
  /** Memory the model occupies (RAM + VRAM), as the endpoint reports it. */
  sizeBytes: bytesSchema,
  sizeVramBytes: bytesSchema,
  /** When the endpoint will unload it unless used again; null when kept forever. */
  expiresAt: isoTimeSchema.nullable(),
  contextLength: z.number().int().nonnegative().nullable(),
});

/** Rolling tokens/sec for one model on one endpoint, from responses the core has seen. */
export const throughputSchema = z.object({
  model: z.string().max(LIMITS.modelName),
  /** Generation speed (eval_count / eval_duration), rolling mean; null until measured. */
  tokensPerSecond: z.number().nonnegative().nullable(),
  /** Prompt processing speed (prompt_eval_count / prompt_eval_duration), rolling mean. */
  promptTokensPerSecond: z.number().nonnegative().nullable(),
  /** Recent generation samples, oldest first, for sparklines. */
  recent: z.array(z.number().nonnegative()).max(60),
  samples: z.number().int().nonnegative(),
  updatedAt: isoTimeSchema,
});

/** One endpoint without its model lists: what `endpoint-upserted` changes carry. */
export const endpointSummarySchema = z.object({
  id: endpointIdSchema,
  name: z.string().max(LIMITS.endpointName),
  kind: endpointKindSchema,
  url: z.string().max(LIMITS.url),
  owner: endpointOwnerSchema,
  /** Whether a bearer token is configured; the token itself never leaves the core. */
  hasToken: z.boolean(),
  status: endpointStatusSchema,
  /** Why it is down (or starting), in words: "connection refused", "timed out after 3 s", ... */
  reason: z.string().max(LIMITS.reason).nullable(),
  /** Round trip of the last successful probe. */
  latencyMs: z.number().nonnegative().nullable(),
  version: z.string().max(100).nullable(),
  /** When the status or latency last changed (not every quiet poll, which would flood views). */
  checkedAt: isoTimeSchema.nullable(),
  /** When the next probe of a down endpoint is due (backoff), else null. */
  nextCheckAt: isoTimeSchema.nullable(),
});

export const endpointStateSchema = endpointSummarySchema.extend({
  installed: z.array(installedModelSchema).max(LIMITS.models),
  loaded: z.array(loadedModelSchema).max(LIMITS.models),
  throughput: z.array(throughputSchema).max(LIMITS.models),
});

/** Progress of one pull, as pushed by `fleet:pull-progress` and listed in the snapshot. */
export const pullProgressSchema = z.object({
  pullId: z.string().max(64),
  endpointId: endpointIdSchema,
  model: z.string().max(LIMITS.modelName),
  state: z.enum(["running", "done", "failed", "cancelled"]),
  /** The endpoint's own words: "pulling manifest", "verifying sha256 digest", "success". */
  status: z.string().max(200),
  completedBytes: bytesSchema,
  /** null while the size is not known yet. */
  totalBytes: bytesSchema.nullable(),
  percent: z.number().min(0).max(100).nullable(),
  bytesPerSecond: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  error: z.string().max(LIMITS.message).nullable(),
  startedAt: isoTimeSchema,
});

export const fleetSnapshotSchema = z.object({
  /** Increases with every change; `fleet:changed` events carry the revision they lead to. */
  revision: z.number().int().nonnegative(),
  endpoints: z.array(endpointStateSchema).max(LIMITS.endpoints + 2),
  pulls: z.array(pullProgressSchema).max(100),
});

/**
 * One change to the fleet. Changes are idempotent upserts/removals keyed by endpoint and model,
 * so a view can apply them in order onto the snapshot from `fleet:list`.
 */
export const fleetChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("endpoint-upserted"), endpoint: endpointSummarySchema }),
  z.object({ kind: z.literal("endpoint-removed"), endpointId: endpointIdSchema }),
  z.object({ kind: z.literal("installed-upserted"), endpointId: endpointIdSchema, model: installedModelSchema }),
  z.object({ kind: z.literal("installed-removed"), endpointId: endpointIdSchema, name: z.string().max(LIMITS.modelName) }),
  z.object({ kind: z.literal("loaded-upserted"), endpointId: endpointIdSchema, model: loadedModelSchema }),
  z.object({ kind: z.literal("loaded-removed"), endpointId: endpointIdSchema, name: z.string().max(LIMITS.modelName) }),
  z.object({ kind: z.literal("throughput-updated"), endpointId: endpointIdSchema, throughput: throughputSchema }),
]);

export type EndpointKind = z.infer<typeof endpointKindSchema>;
export type EndpointOwner = z.infer<typeof endpointOwnerSchema>;
export type EndpointStatus = z.infer<typeof endpointStatusSchema>;
export type InstalledModel = z.infer<typeof installedModelSchema>;
export type LoadedModel = z.infer<typeof loadedModelSchema>;
export type Throughput = z.infer<typeof throughputSchema>;
export type EndpointSummary = z.infer<typeof endpointSummarySchema>;
export type EndpointState = z.infer<typeof endpointStateSchema>;
export type PullProgress = z.infer<typeof pullProgressSchema>;
export type FleetSnapshot = z.infer<typeof fleetSnapshotSchema>;
export type FleetChange = z.infer<typeof fleetChangeSchema>;
