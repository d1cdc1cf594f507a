/**
 * `createClient` over an in-memory transport: one method per channel, responses and events
 * parsed, errors surfaced as RagentsError with the server's code and message.
 */
import { describe, expect, it } from "vitest";
import {
  CHANNELS,
  EVENT_NAMES,
  RagentsError,
  channelMethod,
  createClient,
  parseEvent,
  type ClientTransport,
  type EventName,
} from "../../shared/contract/index.js";

function memoryTransport(answer: (channel: string, payload: unknown) => unknown) {
  const handlers = new Map<string, (payload: unknown) => void>();
  const transport: ClientTransport = {
    invoke: async (channel, payload) => answer(channel, payload),
    on: (event, handler) => {
      handlers.set(event, handler);
      return () => handlers.delete(event);
    },
  };
  return { transport, push: (event: EventName, payload: unknown) => handlers.get(event)?.(payload), handlers };
}

describe("createClient", () => {
  it("exposes every channel as domain.method", () => {
    const client = createClient(memoryTransport(() => ({})).transport) as unknown as Record<string, Record<string, unknown>>;
    for (const channel of CHANNELS) {
      const { domain, method } = channelMethod(channel);
      expect(typeof client[domain]?.[method], channel).toBe("function");
    }
    expect(channelMethod("fleet:pull-cancel")).toEqual({ domain: "fleet", method: "pullCancel" });
  });

  it("sends the request and returns the parsed response", async () => {
    const seen: unknown[] = [];
    const { transport } = memoryTransport((channel, payload) => {
      seen.push([channel, payload]);
      return { cancelled: true };
    });
    const client = createClient(transport);
    await expect(client.fleet.pullCancel({ pullId: "p1" })).resolves.toEqual({ cancelled: true });
    expect(seen).toEqual([["fleet:pull-cancel", { pullId: "p1" }]]);
  });

  it("rejects with RagentsError carrying the server's code and message", async () => {
    const { transport } = memoryTransport(() => {
      throw { code: "not_found", message: "no endpoint 'x'" };
    });
    const error = await createClient(transport).fleet.unload({ endpointId: "x", model: "m" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RagentsError);
    expect(error).toMatchObject({ code: "not_found", message: "no endpoint 'x'" });
  });

  it("refuses a response of the wrong shape as an internal error", async () => {
    const { transport } = memoryTransport(() => ({ cancelled: "yes" }));
    await expect(createClient(transport).fleet.pullCancel({ pullId: "p" })).rejects.toMatchObject({
      code: "internal",
      message: expect.stringContaining("cancelled"),
    });
  });

  it("delivers valid events, drops malformed ones, and unsubscribes", () => {
    const { transport, push, handlers } = memoryTransport(() => ({}));
    const dropped: string[] = [];
    const client = createClient(transport, (event, message) => dropped.push(`${event}: ${message}`));
    const got: unknown[] = [];
    const off = client.on("fleet:changed", (payload) => got.push(payload));
    push("fleet:changed", { revision: 3, changes: [{ kind: "endpoint-removed", endpointId: "remote-1" }] });
    push("fleet:changed", { revision: "3", changes: [] });
    push("fleet:changed", { revision: 4, changes: [{ kind: "model-exploded" }] });
    expect(got).toEqual([{ revision: 3, changes: [{ kind: "endpoint-removed", endpointId: "remote-1" }] }]);
    expect(dropped).toHaveLength(2);
    expect(dropped[0]).toMatch(/^fleet:changed: fleet:changed event: revision/);
    off();
    expect(handlers.has("fleet:changed")).toBe(false);
  });
});

describe("parseEvent", () => {
  it("knows every event and refuses unknown names", () => {
    expect(EVENT_NAMES.sort()).toEqual(["fleet:changed", "fleet:pull-progress", "settings:changed", "system:changed"]);
    expect(parseEvent("fleet:nope", {})).toEqual({ ok: false, error: { code: "bad_request", message: "unknown event 'fleet:nope'" } });
  });

  it("refuses a pull progress with impossible numbers", () => {
    const progress = {
      pullId: "p",
      endpointId: "builtin",
      model: "m:latest",
      state: "running",
      status: "pulling",
      completedBytes: 10,
      totalBytes: 100,
      percent: 10,
      bytesPerSecond: 5,
      etaSeconds: 18,
      error: null,
      startedAt: new Date(0).toISOString(),
    };
    expect(parseEvent("fleet:pull-progress", progress).ok).toBe(true);
    expect(parseEvent("fleet:pull-progress", { ...progress, percent: 140 })).toMatchObject({ ok: false, error: { message: /percent/ } });
    expect(parseEvent("fleet:pull-progress", { ...progress, completedBytes: -1 })).toMatchObject({ ok: false });
    expect(parseEvent("fleet:pull-progress", { ...progress, state: "paused" })).toMatchObject({ ok: false, error: { message: /state/ } });
  });
});
