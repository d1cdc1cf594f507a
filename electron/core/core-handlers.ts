/**
 * One function per contract channel. Requests arrive parsed; each handler returns exactly the
 * response type its channel declares (checked by the compiler through `Handlers`).
 */
import { randomBytes } from "node:crypto";
import {
  RagentsError,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
  type SettingsResponse,
} from "../../shared/contract/index.js";
import type { EmbeddedDefault } from "./embedded/embedded-default.js";
import { BUILTIN_ID, LOCAL_ID } from "./embedded/embedded-default.js";
import type { EventHub } from "./event-hub.js";
import type { FleetActions } from "./fleet/fleet-actions.js";
import type { FleetService } from "./fleet/fleet-service.js";
import type { FleetStore } from "./fleet/fleet-store.js";
import { withTag } from "./fleet/model-name.js";
import type { PullManager } from "./fleet/pull-manager.js";
import { toSettingsView, type StoredSettings } from "./settings/settings-schema.js";
import type { SettingsStore } from "./settings/settings-store.js";
import type { SystemMonitor } from "./system/system-monitor.js";

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C> };

export interface HandlerContext {
  store: FleetStore;
  fleet: FleetService;
  actions: FleetActions;
  pulls: PullManager;
  settings: SettingsStore;
  system: SystemMonitor;
  events: EventHub;
  embedded: EmbeddedDefault | undefined;
  /** Settings with this run's overrides applied. */
  effective: () => StoredSettings;
  /** Whether the local URL is pinned by config (then settings cannot move it this run). */
  localUrlPinned: boolean;
}

export function createHandlers(c: HandlerContext): Handlers {
  const settingsResponse = (): SettingsResponse => ({ settings: toSettingsView(c.effective()), notices: c.settings.notices });

  return {
    "fleet:list": () => ({ revision: c.store.revision, endpoints: c.store.list(), pulls: c.pulls.list() }),

    "fleet:pull": ({ endpointId, model, url, sha256 }) => {
      // Whether an endpoint can pull from a URL (the built-in engine can, Ollama cannot) is its
      // own answer to give: the pull then fails with the endpoint's words in its progress event.
      const endpoint = c.fleet.endpoint(endpointId);
      if (sha256 && !url) throw new RagentsError("bad_request", "sha256 goes with url: registry pulls are verified by the endpoint");
      return { pull: c.pulls.start(endpoint, { model: withTag(model), url, sha256 }) };
    },

    "fleet:pull-cancel": ({ pullId }) => ({ cancelled: c.pulls.cancel(pullId) }),

    "fleet:delete": async ({ endpointId, model }) => {
      await c.actions.delete(endpointId, model);
      return { deleted: true };
    },

    "fleet:load-check": ({ endpointId, model }) => c.actions.loadCheck(endpointId, model),

    "fleet:load": ({ endpointId, model, keepAlive, allowOverBudget }) =>
      c.actions.load(endpointId, model, keepAlive, allowOverBudget ?? false),

    "fleet:unload": async ({ endpointId, model }) => {
      await c.actions.unload(endpointId, model);
      return { unloaded: true };
    },

    "fleet:unload-idle": async ({ endpointId }) => ({ unloaded: await c.actions.unloadIdle(endpointId) }),

    "fleet:benchmark": ({ endpointId, model, maxTokens }) => c.actions.benchmark(endpointId, model, maxTokens),

    "endpoints:add": async ({ name, url, token }) => {
      const taken = c.fleet.ids().find((id) => c.fleet.spec(id)?.url === url);
      if (taken) throw new RagentsError("conflict", `${url} is already in the fleet as '${taken}'`);
      const id = `remote-${randomBytes(3).toString("hex")}`;
      // Saved first: if the disk refuses, the fleet does not show an endpoint that would vanish on restart.
      await c.settings.update((s) => ({ ...s, endpoints: [...s.endpoints, { id, name, url, ...(token ? { token } : {}) }] }));
      const endpoint = c.fleet.add({ id, name, kind: "ollama-remote", url, token, owner: "external" });
      c.events.emit("settings:changed", settingsResponse());
      return { endpoint };
    },

    "endpoints:remove": async ({ endpointId }) => {
      if (endpointId === LOCAL_ID || endpointId === BUILTIN_ID) {
        throw new RagentsError("forbidden", `'${endpointId}' is part of every fleet and cannot be removed`);
      }
      if (!c.fleet.has(endpointId)) throw new RagentsError("not_found", `no endpoint '${endpointId}'`);
      await c.settings.update((s) => ({ ...s, endpoints: s.endpoints.filter((e) => e.id !== endpointId) }));
      c.fleet.remove(endpointId);
      c.events.emit("settings:changed", settingsResponse());
      return { removed: true };
    },

    "settings:get": () => settingsResponse(),

    "settings:update": async (patch) => {
      const before = c.effective();
      await c.settings.update((s) => ({
        ...s,
        ...(patch.localOllamaUrl !== undefined ? { localOllamaUrl: patch.localOllamaUrl } : {}),
        ...(patch.autostartEmbedded !== undefined ? { autostartEmbedded: patch.autostartEmbedded } : {}),
        ...(patch.ramBudgetBytes !== undefined ? { ramBudgetBytes: patch.ramBudgetBytes } : {}),
        polling: { ...s.polling, ...patch.polling },
      }));
      const after = c.effective();
      if (!c.localUrlPinned && after.localOllamaUrl !== before.localOllamaUrl) c.fleet.setUrl(LOCAL_ID, after.localOllamaUrl);
      if (JSON.stringify(after.polling) !== JSON.stringify(before.polling)) c.fleet.retime();
      const response = settingsResponse();
      c.events.emit("settings:changed", response);
      return response;
    },

    "system:snapshot": () => c.system.snapshot,
  };
}
