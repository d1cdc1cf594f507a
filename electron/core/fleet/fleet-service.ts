/**
 * The endpoints of the fleet, each with its poller, feeding the `FleetStore`. Adding, removing
 * and re-pointing endpoints happens here; what to do with a model lives in `fleet-actions.ts`.
 */
import {
  RagentsError,
  type EndpointKind,
  type EndpointOwner,
  type EndpointStatus,
  type EndpointSummary,
} from "../../../shared/contract/index.js";
import type { Endpoint } from "../endpoints/endpoint.js";
import { OllamaEndpoint } from "../endpoints/ollama-endpoint.js";
import { EndpointPoller, type PollOutcome, type PollerTiming } from "./endpoint-poller.js";
import type { FleetStore } from "./fleet-store.js";

export interface OllamaEndpointSpec {
  id: string;
  name: string;
  kind: EndpointKind;
  url: string;
  token?: string;
  owner: EndpointOwner;
}

interface Entry {
  spec: OllamaEndpointSpec;
  endpoint: Endpoint | undefined;
  poller: EndpointPoller | undefined;
}

export interface FleetServiceOptions {
  store: FleetStore;
  timing: () => PollerTiming & { requestTimeoutMs: number; loadTimeoutMs?: number };
  /** Seen by the embedded-default logic: the local endpoint's first verdict decides what to start. */
  onOutcome?: (id: string, outcome: PollOutcome) => void;
}

export class FleetService {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly options: FleetServiceOptions) {}

  ids(): string[] {
    return [...this.entries.keys()];
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  spec(id: string): OllamaEndpointSpec | undefined {
    return this.entries.get(id)?.spec;
  }

  /** Adds an Ollama-protocol endpoint and probes it at once. */
  add(spec: OllamaEndpointSpec): EndpointSummary {
    if (this.entries.has(spec.id)) throw new RagentsError("conflict", `endpoint '${spec.id}' already exists`);
    const entry: Entry = { spec, endpoint: undefined, poller: undefined };
    this.entries.set(spec.id, entry);
    this.options.store.upsertSummary(initialSummary(spec, spec.url ? "unknown" : "starting", null));
    if (spec.url) this.connect(entry);
    return this.summary(spec.id);
  }

  /** Shows an endpoint rAgents is still bringing up (no URL yet, nothing to poll). */
  addStarting(spec: OllamaEndpointSpec, reason: string): void {
    this.entries.set(spec.id, { spec, endpoint: undefined, poller: undefined });
    this.options.store.upsertSummary(initialSummary(spec, "starting", reason));
  }

  /** Points an endpoint at a new URL (a restarted built-in engine may get a new port). */
  setUrl(id: string, url: string): void {
    const entry = this.require(id);
    if (entry.spec.url === url && entry.endpoint) return;
    this.disconnect(entry);
    entry.spec = { ...entry.spec, url };
    this.options.store.patchSummary(id, { url, status: "unknown", reason: null });
    this.connect(entry);
  }

  /** Marks an endpoint down (or starting) without a probe, e.g. when its supervised server died. */
  setStatus(id: string, status: EndpointStatus, reason: string | null): void {
    if (!this.entries.has(id)) return;
    this.options.store.patchSummary(id, { status, reason, latencyMs: null });
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) throw new RagentsError("not_found", `no endpoint '${id}'`);
    this.disconnect(entry);
    this.entries.delete(id);
    this.options.store.remove(id);
  }

  /** The endpoint to act on; `not_found` if unknown, `unavailable` if it has no server yet. */
  endpoint(id: string): Endpoint {
    const entry = this.require(id);
    if (!entry.endpoint) throw new RagentsError("unavailable", `endpoint '${id}' is not running yet`);
    return entry.endpoint;
  }

  /** Re-probes now and resolves when the fleet state reflects it (after an action). */
  refresh(id: string): Promise<void> {
    return this.entries.get(id)?.poller?.pollNow() ?? Promise.resolve();
  }

  /** Applies new polling settings to every poller. */
  retime(): void {
    for (const entry of this.entries.values()) entry.poller?.setTiming(this.options.timing());
  }

  summary(id: string): EndpointSummary {
    const state = this.options.store.get(id);
    if (!state) throw new RagentsError("not_found", `no endpoint '${id}'`);
    const { installed: _i, loaded: _l, throughput: _t, ...summary } = state;
    return summary;
  }

  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) this.disconnect(entry);
  }

  private require(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new RagentsError("not_found", `no endpoint '${id}'`);
    return entry;
  }

  private connect(entry: Entry): void {
    if (this.closed) return;
    const timing = this.options.timing();
    const { id, kind, url, token } = entry.spec;
    const endpoint = new OllamaEndpoint({ id, kind, url, token, requestTimeoutMs: timing.requestTimeoutMs, loadTimeoutMs: timing.loadTimeoutMs });
    entry.endpoint = endpoint;
    entry.poller = new EndpointPoller(endpoint, timing, (outcome) => {
      if (entry.endpoint !== endpoint) return; // a late answer from before a URL change
      this.apply(id, outcome);
      this.options.onOutcome?.(id, outcome);
    });
    entry.poller.start();
  }

  private disconnect(entry: Entry): void {
    entry.poller?.stop();
    entry.endpoint?.close();
    entry.poller = undefined;
    entry.endpoint = undefined;
  }

  private apply(id: string, outcome: PollOutcome): void {
    const store = this.options.store;
    const checkedAt = new Date().toISOString();
    if (outcome.status === "up") {
      const { result } = outcome;
      const before = store.get(id);
      // Latency jitters on every poll; only a real move is a change worth pushing to every view.
      const steady =
        before?.status === "up" &&
        before.latencyMs !== null &&
        Math.abs(result.latencyMs - before.latencyMs) < Math.max(5, before.latencyMs * 0.25);
      store.patchSummary(id, {
        status: "up",
        reason: null,
        latencyMs: steady ? before.latencyMs : result.latencyMs,
        version: result.version,
        checkedAt: steady ? before.checkedAt : checkedAt,
        nextCheckAt: null,
      });
      store.setModels(id, result.installed, result.loaded);
    } else {
      store.patchSummary(id, { status: "down", reason: outcome.reason, latencyMs: null, checkedAt, nextCheckAt: outcome.nextCheckAt.toISOString() });
      // Installed models stay listed (last known); nothing is loaded on a server we cannot reach.
      const state = store.get(id);
      if (state) store.setModels(id, state.installed, []);
    }
  }
}

function initialSummary(spec: OllamaEndpointSpec, status: EndpointStatus, reason: string | null): EndpointSummary {
  return {
    id: spec.id,
    name: spec.name,
    kind: spec.kind,
    url: spec.url,
    owner: spec.owner,
    hasToken: spec.token !== undefined,
    status,
    reason,
    latencyMs: null,
    version: null,
    checkedAt: null,
    nextCheckAt: null,
  };
}
