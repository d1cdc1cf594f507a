/**
 * User settings: remote endpoints, the RAM budget, polling. Persisted by the core as JSON in
 * the data folder. Tokens are stored but never sent back: views see `hasToken` only.
 */
import { z } from "zod";
import { LIMITS, bytesSchema, emptyRequest, endpointIdSchema, httpUrlSchema, isoTimeSchema } from "./common.js";

export const POLLING_LIMITS = { minMs: 250, maxMs: 600_000 } as const;

export const pollingSettingsSchema = z.strictObject({
  /** How often an up endpoint is probed (tags, ps, version). */
  intervalMs: z.number().int().min(POLLING_LIMITS.minMs).max(POLLING_LIMITS.maxMs),
  /** Backoff ceiling for a down endpoint: probes double from intervalMs up to this. */
  maxBackoffMs: z.number().int().min(POLLING_LIMITS.minMs).max(POLLING_LIMITS.maxMs),
  /** Per-request timeout; a hanging endpoint becomes "down: timed out". */
  requestTimeoutMs: z.number().int().min(100).max(120_000),
  /** How often memory/CPU are sampled. */
  systemIntervalMs: z.number().int().min(POLLING_LIMITS.minMs).max(POLLING_LIMITS.maxMs),
});

/** A remote endpoint as the user configured it (without the token). */
export const remoteEndpointViewSchema = z.object({
  id: endpointIdSchema,
  name: z.string().max(LIMITS.endpointName),
  url: z.string().max(LIMITS.url),
  hasToken: z.boolean(),
});

/** Settings as views see them. */
export const settingsViewSchema = z.object({
  localOllamaUrl: z.string().max(LIMITS.url),
  /** Start `ollama serve` or the built-in engine when nothing answers at localOllamaUrl. */
  autostartEmbedded: z.boolean(),
  /** Explicit RAM budget for models in bytes; null = derived from total RAM. */
  ramBudgetBytes: bytesSchema.nullable(),
  polling: pollingSettingsSchema,
  endpoints: z.array(remoteEndpointViewSchema).max(LIMITS.endpoints),
});

/** Something the user must know about their settings, e.g. a corrupt file that was moved aside. */
export const settingsNoticeSchema = z.object({
  level: z.enum(["info", "warning", "error"]),
  message: z.string().max(LIMITS.message),
  at: isoTimeSchema,
});

export const settingsResponseSchema = z.object({
  settings: settingsViewSchema,
  notices: z.array(settingsNoticeSchema).max(20),
});

/** The fields `settings:update` may change; each is optional, unknown fields are refused. */
export const settingsUpdateSchema = z.strictObject({
  localOllamaUrl: httpUrlSchema.optional(),
  autostartEmbedded: z.boolean().optional(),
  ramBudgetBytes: bytesSchema.min(64 * 1024 * 1024, "RAM budget must be at least 64 MiB").nullable().optional(),
  polling: pollingSettingsSchema.partial().optional(),
});

export type PollingSettings = z.infer<typeof pollingSettingsSchema>;
export type RemoteEndpointView = z.infer<typeof remoteEndpointViewSchema>;
export type SettingsView = z.infer<typeof settingsViewSchema>;
export type SettingsNotice = z.infer<typeof settingsNoticeSchema>;
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

export const settingsChannels = {
  /** Current settings and any notices about them (e.g. "settings.json was corrupt, moved aside"). */
  "settings:get": { request: emptyRequest, response: settingsResponseSchema },
  /** Change some settings; saved atomically before the response. Returns the settings as saved. */
  "settings:update": { request: settingsUpdateSchema, response: settingsResponseSchema },
} as const;

export const settingsEvents = {
  /** Settings changed (by any window or host). */
  "settings:changed": settingsResponseSchema,
} as const;
