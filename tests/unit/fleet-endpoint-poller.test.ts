/**
 * The poller's state machine against a real loopback server: up → down (with the reason) →
 * backoff that doubles up to its ceiling → up again when the server returns. Also the ways an
 * endpoint can be broken without being gone: garbage, wrong shape, a hang, a refused token.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OllamaEndpoint } from "../../electron/core/endpoints/ollama-endpoint.js";
import { EndpointPoller, backoffDelay, type PollOutcome } from "../../electron/core/fleet/endpoint-poller.js";
import { startStubOllama, type StubOllama } from "../support/stub-ollama.js";

let stub: StubOllama;
let poller: EndpointPoller | undefined;
beforeEach(async () => {
  stub = await startStubOllama();
});
afterEach(async () => {
  poller?.stop();
  await stub.stop();
});

/** Records outcomes and lets a test wait for the next one matching a condition. */
function recorder() {
  const outcomes: PollOutcome[] = [];
  let waiter: { test: (o: PollOutcome) => boolean; resolve: (o: PollOutcome) => void } | undefined;
  return {
    outcomes,
    push(o: PollOutcome) {
      outcomes.push(o);
      if (waiter?.test(o)) {
        waiter.resolve(o);
        waiter = undefined;
      }
    },
    next(test: (o: PollOutcome) => boolean): Promise<PollOutcome> {
      return new Promise((resolve) => (waiter = { test, resolve }));
    },
  };
}

function endpointFor(url: string, options: { token?: string; requestTimeoutMs?: number } = {}) {
  return new OllamaEndpoint({ id: "stub", kind: "ollama-remote", url, requestTimeoutMs: options.requestTimeoutMs ?? 2000, token: options.token });
}

describe("backoffDelay", () => {
  it("doubles from the interval up to the ceiling", () => {
    const timing = { intervalMs: 100, maxBackoffMs: 1000 };
    expect([0, 1, 2, 3, 4, 5, 50].map((f) => backoffDelay(f, timing))).toEqual([100, 100, 200, 400, 800, 1000, 1000]);
    // A ceiling below the interval never makes a down endpoint polled faster than an up one.
    expect(backoffDelay(3, { intervalMs: 500, maxBackoffMs: 100 })).toBe(500);
  });
});

describe("EndpointPoller", () => {
  it("goes up → down with the reason → backs off → up again", async () => {
    const r = recorder();
    poller = new EndpointPoller(endpointFor(stub.url), { intervalMs: 20, maxBackoffMs: 80 }, (o) => r.push(o));
    const firstUp = r.next((o) => o.status === "up");
    poller.start();
    const up = await firstUp;
    expect(up.status === "up" && up.result).toMatchObject({
      version: "0.0.0-stub",
      installed: [{ name: "stub:latest", sizeBytes: 1234, family: "llama", parameterSize: "1B", quantization: "Q4_0", randomWeights: false }],
      loaded: [],
    });

    const fourthFailure = r.next((o) => o.status === "down" && o.failures === 4);
    await stub.stop();
    await fourthFailure;
    const downs = r.outcomes.filter((o): o is Extract<PollOutcome, { status: "down" }> => o.status === "down");
    expect(downs.map((d) => d.reason)).toEqual(Array(4).fill("connection refused"));
    expect(downs.map((d) => d.delayMs)).toEqual([20, 40, 80, 80]);
    expect(poller.consecutiveFailures).toBe(4);

    const back = r.next((o) => o.status === "up");
    await stub.restart();
    await back;
    expect(poller.consecutiveFailures).toBe(0);
  });

  it("pollNow resolves after a fresh probe", async () => {
    const r = recorder();
    poller = new EndpointPoller(endpointFor(stub.url), { intervalMs: 60_000, maxBackoffMs: 60_000 }, (o) => r.push(o));
    const first = r.next(() => true);
    poller.start();
    await first;
    stub.mode = "garbage";
    await poller.pollNow();
    expect(r.outcomes.at(-1)).toMatchObject({ status: "down" });
  });

  for (const [mode, reason] of [
    ["garbage", /not JSON/],
    ["wrong-shape", /unexpected answer to GET \/api\/ps/],
    ["unauthorized", /401: not authorized \(check the token\)/],
    ["hang", /timed out after 300 ms \(GET \/api\/ps\)/],
  ] as const) {
    it(`reports an endpoint that answers ${mode} as down, without hanging`, async () => {
      stub.mode = mode;
      const r = recorder();
      poller = new EndpointPoller(endpointFor(stub.url, { requestTimeoutMs: 300 }), { intervalMs: 60_000, maxBackoffMs: 60_000 }, (o) => r.push(o));
      const first = r.next(() => true);
      poller.start();
      const outcome = await first;
      expect(outcome.status).toBe("down");
      expect(outcome.status === "down" && outcome.reason).toMatch(reason);
    });
  }

  it("sends the bearer token to a remote endpoint", async () => {
    const endpoint = endpointFor(stub.url, { token: "proxy-token" });
    await endpoint.probe();
    expect(stub.authorizations.length).toBeGreaterThan(0);
    expect(new Set(stub.authorizations)).toEqual(new Set(["Bearer proxy-token"]));
  });
});

describe("probe cost while up", () => {
  it("asks only /api/ps between full probes, and goes full again after a failure or a delete", async () => {
    const endpoint = endpointFor(stub.url);
    const full = await endpoint.probe();
    expect(full.installed.map((m) => m.name)).toEqual(["stub:latest"]);
    expect(stub.paths.sort()).toEqual(["/api/ps", "/api/tags", "/api/version"]);

    stub.paths.length = 0;
    const light = await endpoint.probe();
    expect(stub.paths).toEqual(["/api/ps"]);
    // What the light probe did not ask is carried over from the last full one.
    expect(light.installed).toEqual(full.installed);
    expect(light.version).toBe(full.version);

    // Every sixth probe is full again, to see models pulled or deleted outside rAgents.
    stub.paths.length = 0;
    for (let i = 0; i < 5; i++) await endpoint.probe();
    expect(stub.paths.filter((p) => p === "/api/tags")).toHaveLength(1);

    stub.mode = "garbage";
    await expect(endpoint.probe()).rejects.toThrow();
    stub.mode = "ok";
    stub.paths.length = 0;
    await endpoint.probe();
    expect(stub.paths).toContain("/api/tags");

    await endpoint.delete("stub:latest").catch(() => undefined);
    stub.paths.length = 0;
    await endpoint.probe();
    expect(stub.paths).toContain("/api/tags");
  });
});
