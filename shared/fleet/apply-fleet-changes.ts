/**
 * Applies `fleet:changed` deltas to the endpoints from the last `fleet:list` snapshot. Pure and
 * immutable (untouched endpoints keep their identity, so rows that did not change do not re-render),
 * and idempotent: changes are upserts and removals keyed by endpoint and model name.
 */
import type { EndpointState, FleetChange } from "../contract/index.js";

export function applyFleetChanges(endpoints: readonly EndpointState[], changes: readonly FleetChange[]): EndpointState[] {
  let next = [...endpoints];
  const update = (endpointId: string, change: (endpoint: EndpointState) => EndpointState) => {
    next = next.map((endpoint) => (endpoint.id === endpointId ? change(endpoint) : endpoint));
  };
  for (const change of changes) {
    switch (change.kind) {
      case "endpoint-upserted": {
        const existing = next.find((e) => e.id === change.endpoint.id);
        if (existing) update(change.endpoint.id, (e) => ({ ...e, ...change.endpoint }));
        else next.push({ ...change.endpoint, installed: [], loaded: [], throughput: [] });
        break;
      }
      case "endpoint-removed":
        next = next.filter((e) => e.id !== change.endpointId);
        break;
      case "installed-upserted":
        update(change.endpointId, (e) => ({ ...e, installed: upsertBy(e.installed, change.model, (m) => m.name) }));
        break;
      case "installed-removed":
        update(change.endpointId, (e) => ({ ...e, installed: e.installed.filter((m) => m.name !== change.name) }));
        break;
      case "loaded-upserted":
        update(change.endpointId, (e) => ({ ...e, loaded: upsertBy(e.loaded, change.model, (m) => m.name) }));
        break;
      case "loaded-removed":
        update(change.endpointId, (e) => ({ ...e, loaded: e.loaded.filter((m) => m.name !== change.name) }));
        break;
      case "throughput-updated":
        update(change.endpointId, (e) => ({ ...e, throughput: upsertBy(e.throughput, change.throughput, (t) => t.model) }));
        break;
    }
  }
  return next;
}

function upsertBy<T>(items: readonly T[], item: T, key: (value: T) => string): T[] {
  const k = key(item);
  const index = items.findIndex((existing) => key(existing) === k);
  if (index === -1) return [...items, item];
  const copy = [...items];
  copy[index] = item;
  return copy;
}
