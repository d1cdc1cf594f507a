/**
 * The machine the fleet runs on: memory, CPU, model-server processes, and the RAM budget
 * models may use. Sampled by the core on a timer and pushed throttled as `system:changed`.
 */
import { z } from "zod";
import { bytesSchema, emptyRequest, endpointIdSchema, isoTimeSchema } from "./common.js";

export const modelServerProcessSchema = z.object({
  pid: z.number().int().positive(),
  /** `ollama`, or `ragents engine` for the built-in engine. */
  name: z.string().max(100),
  rssBytes: bytesSchema,
  /** The endpoint it serves, when rAgents knows (it started it); null for a user's own Ollama. */
  endpointId: endpointIdSchema.nullable(),
});

/** The share of memory loaded models may use, and how much of it they use now. */
export const budgetSchema = z.object({
  budgetBytes: bytesSchema,
  /** `default` is derived from total RAM; `settings` when the user set it. */
  source: z.enum(["default", "settings"]),
  /** Sum of `/api/ps` sizes over the endpoints on this machine (local and built-in). */
  usedByModelsBytes: bytesSchema,
  /** budgetBytes - usedByModelsBytes, floored at 0. */
  remainingBytes: bytesSchema,
});

export const systemSnapshotSchema = z.object({
  memory: z.object({
    totalBytes: bytesSchema,
    usedBytes: bytesSchema,
    availableBytes: bytesSchema,
    swapTotalBytes: bytesSchema,
    swapUsedBytes: bytesSchema,
  }),
  /** Whole-machine CPU load, 0–100; null until the first sample is in. */
  cpuLoadPercent: z.number().min(0).max(100).nullable(),
  cpuCores: z.number().int().nonnegative(),
  processes: z.array(modelServerProcessSchema).max(64),
  budget: budgetSchema,
  sampledAt: isoTimeSchema,
});

export type ModelServerProcess = z.infer<typeof modelServerProcessSchema>;
export type Budget = z.infer<typeof budgetSchema>;
export type SystemSnapshot = z.infer<typeof systemSnapshotSchema>;

export const systemChannels = {
  /** The latest system sample (memory, CPU, model-server RSS, RAM budget). Cheap: never samples inline. */
  "system:snapshot": { request: emptyRequest, response: systemSnapshotSchema },
} as const;

export const systemEvents = {
  /** A new system sample; throttled (at most one per sampling interval). */
  "system:changed": systemSnapshotSchema,
} as const;
