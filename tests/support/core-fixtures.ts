/**
 * Helpers for tests that drive a real core: a temp data folder each, fast polling, and waiting
 * on the core's own events (never on sleeps).
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCore, type Core, type CoreConfig } from "../../electron/core/create-core.js";
import type { EventName, EventPayloadOf, FleetSnapshot } from "../../shared/contract/index.js";

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "ragents-core-"));
}

/** A core with test-speed polling and coalescing, logging into `logs`. */
export async function startTestCore(config: Partial<CoreConfig> & { dataDir?: string } = {}): Promise<{ core: Core; logs: string[]; dataDir: string }> {
  const logs: string[] = [];
  const dataDir = config.dataDir ?? (await tempDataDir());
  const core = await createCore({
    autostartEmbedded: false,
    systemMonitor: false,
    fleetChangeWindowMs: 20,
    pullProgressThrottleMs: 0,
    engineArgs: ["--ollama-models", "none", "--threads", "1"],
    log: (line) => logs.push(line),
    ...config,
    dataDir,
    polling: { intervalMs: 250, maxBackoffMs: 500, requestTimeoutMs: 3000, ...config.polling },
  });
  return { core, logs, dataDir };
}

/** Resolves with `pick(snapshot)` as soon as it is truthy, re-checking on every `fleet:changed`. */
export function untilFleet<T>(core: Core, pick: (snapshot: FleetSnapshot) => T | undefined | null | false): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = async () => {
      if (done) return;
      try {
        const value = pick(await core.request("fleet:list", {}));
        if (value && !done) {
          done = true;
          off();
          resolve(value);
        }
      } catch (error) {
        done = true;
        off();
        reject(error);
      }
    };
    const off = core.on("fleet:changed", () => void check());
    void check();
  });
}

/** Resolves with the first `event` payload that satisfies `test`. */
export function nextEvent<E extends EventName>(core: Core, event: E, test: (payload: EventPayloadOf<E>) => boolean = () => true): Promise<EventPayloadOf<E>> {
  return new Promise((resolve) => {
    const off = core.on(event, (payload) => {
      if (!test(payload)) return;
      off();
      resolve(payload);
    });
  });
}

export const endpointIn = (snapshot: FleetSnapshot, id: string) => snapshot.endpoints.find((e) => e.id === id);
