/**
 * The renderer's store and its one subscription point, with a stand-in client: snapshots on
 * connect, fleet deltas applied by revision (including those racing the snapshot), refetch after
 * a reconnect, and action errors kept next to their action in the server's words.
 */
import { describe, expect, it } from "vitest";
import { RagentsError, type EndpointState, type FleetChange, type FleetSnapshot, type RagentsClient } from "../../shared/contract/index.js";
import { applyFleetChanges } from "../../shared/fleet/apply-fleet-changes.js";
import { createAppStore } from "../../renderer/src/store/app-state.js";
import { wireEvents } from "../../renderer/src/store/wire-events.js";
import type { Connection, ConnectionStatus } from "../../renderer/src/transport/connection.js";

function endpoint(id: string, patch: Partial<EndpointState> = {}): EndpointState {
  return {
    id, name: id, kind: "builtin-engine", url: "http://127.0.0.1:1", owner: "ragents", hasToken: false, status: "up", reason: null,
    latencyMs: 1, version: "0.1.0", checkedAt: null, nextCheckAt: null, installed: [], loaded: [], throughput: [], ...patch,
  };
}
const model = (name: string) => ({ name, sizeBytes: 1, digest: "d", family: "llama", parameterSize: "1K", quantization: "F32", modifiedAt: "", randomWeights: true });

/** A client whose `fleet.list` resolves when the test says so, and whose events the test fires. */
function fakeClient() {
  const handlers = new Map<string, (payload: unknown) => void>();
  let resolveList: ((snapshot: FleetSnapshot) => void) | null = null;
  let lists = 0;
  const client = {
    fleet: {
      list: () => {
        lists += 1;
        return new Promise<FleetSnapshot>((resolve) => (resolveList = resolve));
      },
      unload: () => Promise.reject(new RagentsError("not_found", "model 'm:latest' is not loaded on builtin")),
    },
    system: { snapshot: () => Promise.reject(new RagentsError("unavailable", "no sample yet")) },
    settings: { get: () => Promise.reject(new RagentsError("unavailable", "later")) },
    on: (event: string, handler: (payload: unknown) => void) => {
      handlers.set(event, handler);
      return () => handlers.delete(event);
    },
  } as unknown as RagentsClient;
  return {
    client,
    fire: (event: string, payload: unknown) => handlers.get(event)?.(payload),
    resolveList: (snapshot: FleetSnapshot) => resolveList?.(snapshot),
    lists: () => lists,
    subscribed: () => [...handlers.keys()].sort(),
  };
}

function fakeConnection(initial: ConnectionStatus) {
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const connection: Connection & { set: (status: ConnectionStatus) => void } = {
    status: initial,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    set(status) {
      (this as { status: ConnectionStatus }).status = status;
      listeners.forEach((l) => l(status));
    },
  };
  return connection;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("renderer store wiring", () => {
  it("loads the snapshot on connect and replays only the deltas newer than it", async () => {
    const fake = fakeClient();
    const connection = fakeConnection("connecting");
    const store = createAppStore(fake.client, connection.status);
    wireEvents(fake.client, connection, store);
    expect(fake.subscribed()).toEqual(["fleet:changed", "fleet:pull-progress", "settings:changed", "system:changed"]);
    expect(fake.lists()).toBe(0);

    connection.set("open");
    expect(store.getState().connection).toBe("open");
    expect(store.getState().fleetStatus).toBe("loading");
    // Two deltas race the snapshot: revision 5 is already in it, revision 6 is not.
    fake.fire("fleet:changed", { revision: 5, changes: [{ kind: "installed-upserted", endpointId: "builtin", model: model("old") }] });
    fake.fire("fleet:changed", { revision: 6, changes: [{ kind: "installed-upserted", endpointId: "builtin", model: model("new") }] });
    fake.resolveList({ revision: 5, endpoints: [endpoint("builtin")], pulls: [] });
    await settle();

    const state = store.getState();
    expect(state.fleetStatus).toBe("ready");
    expect(state.fleetRevision).toBe(6);
    expect(state.endpoints[0]!.installed.map((m) => m.name)).toEqual(["new"]);

    fake.fire("fleet:changed", { revision: 7, changes: [{ kind: "endpoint-removed", endpointId: "builtin" }] });
    expect(store.getState().endpoints).toEqual([]);
  });

  it("refetches after a reconnect, since missed events are not replayed", async () => {
    const fake = fakeClient();
    const connection = fakeConnection("open");
    const store = createAppStore(fake.client, connection.status);
    wireEvents(fake.client, connection, store);
    expect(fake.lists()).toBe(1);
    connection.set("connecting");
    connection.set("open");
    expect(fake.lists()).toBe(2);
    expect(store.getState().connection).toBe("open");
  });

  it("keeps an action's error next to it, in the server's words, and clears it on retry", async () => {
    const fake = fakeClient();
    const store = createAppStore(fake.client, "open");
    await store.getState().unloadModel({ endpointId: "builtin", model: "m" });
    expect(store.getState().errors["unload:builtin/m"]).toBe("model 'm:latest' is not loaded on builtin");
    expect(store.getState().pending).toEqual({});
    const retry = store.getState().unloadModel({ endpointId: "builtin", model: "m" });
    expect(store.getState().errors["unload:builtin/m"]).toBeUndefined();
    expect(store.getState().pending["unload:builtin/m"]).toBe(true);
    await retry;
  });
});

describe("applyFleetChanges", () => {
  it("upserts and removes by key, leaving untouched endpoints as they were", () => {
    const a = endpoint("a");
    const b = endpoint("b", { installed: [model("x")] });
    const changes: FleetChange[] = [
      { kind: "installed-upserted", endpointId: "b", model: { ...model("x"), sizeBytes: 9 } },
      { kind: "loaded-upserted", endpointId: "b", model: { name: "x", sizeBytes: 5, sizeVramBytes: 0, expiresAt: null, contextLength: 2048 } },
      { kind: "endpoint-upserted", endpoint: { ...endpoint("c"), installed: undefined } as unknown as EndpointState },
      { kind: "loaded-removed", endpointId: "b", name: "x" },
      { kind: "throughput-updated", endpointId: "b", throughput: { model: "x", tokensPerSecond: 10, promptTokensPerSecond: null, recent: [10], samples: 1, updatedAt: "" } },
    ];
    const next = applyFleetChanges([a, b], changes);
    expect(next[0]).toBe(a);
    expect(next[1]!.installed).toEqual([{ ...model("x"), sizeBytes: 9 }]);
    expect(next[1]!.loaded).toEqual([]);
    expect(next[1]!.throughput.map((t) => t.tokensPerSecond)).toEqual([10]);
    expect(next[2]).toMatchObject({ id: "c", installed: [], loaded: [], throughput: [] });
    // Applying the same changes again changes nothing: they are idempotent.
    expect(applyFleetChanges(next, changes.slice(0, 2).concat(changes.slice(3)))).toEqual(next);
  });
});
