/**
 * The settings file as stored on disk. Unlike the contract's `SettingsView`, it holds the
 * remote endpoints' bearer tokens, so it is written 0600 and never sent to a view as is.
 */
import { z } from "zod";
import {
  LIMITS,
  bearerTokenSchema,
  bytesSchema,
  endpointIdSchema,
  httpUrlSchema,
  label,
  pollingSettingsSchema,
  type SettingsView,
} from "../../../shared/contract/index.js";

export const DEFAULT_LOCAL_OLLAMA_URL = "http://127.0.0.1:11434";

export const storedEndpointSchema = z.object({
  id: endpointIdSchema,
  name: label(LIMITS.endpointName),
  url: httpUrlSchema,
  token: bearerTokenSchema.optional(),
});

export const storedSettingsSchema = z.object({
  version: z.literal(1),
  localOllamaUrl: httpUrlSchema,
  autostartEmbedded: z.boolean(),
  ramBudgetBytes: bytesSchema.nullable(),
  polling: pollingSettingsSchema,
  endpoints: z.array(storedEndpointSchema).max(LIMITS.endpoints),
});

export type StoredEndpoint = z.infer<typeof storedEndpointSchema>;
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

export function defaultSettings(): StoredSettings {
  return {
    version: 1,
    localOllamaUrl: DEFAULT_LOCAL_OLLAMA_URL,
    autostartEmbedded: true,
    ramBudgetBytes: null,
    // Endpoints every 5 s: rAgents' own actions re-probe at once and countdowns run in the view
    // from expires_at, so only outside changes wait; three probes of three HTTP calls every 2 s
    // cost the idle host over 1 % of a core (`npm run bench -- host`). The RAM gauge samples every 3 s.
    polling: { intervalMs: 5000, maxBackoffMs: 30_000, requestTimeoutMs: 5000, systemIntervalMs: 3000 },
    endpoints: [],
  };
}

/** What a view may see: tokens become `hasToken`. */
export function toSettingsView(settings: StoredSettings): SettingsView {
  return {
    localOllamaUrl: settings.localOllamaUrl,
    autostartEmbedded: settings.autostartEmbedded,
    ramBudgetBytes: settings.ramBudgetBytes,
    polling: { ...settings.polling },
    endpoints: settings.endpoints.map((e) => ({ id: e.id, name: e.name, url: e.url, hasToken: e.token !== undefined })),
  };
}
