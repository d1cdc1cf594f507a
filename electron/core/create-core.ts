/**
 * `createCore(config)`: builds all behaviour once. The Electron shell and the headless host are
 * thin wrappers over the object it returns:
 *
 *   const core = await createCore({ dataDir });
 *   const snapshot = await core.handle("fleet:list", {});     // parses, dispatches; throws RagentsError
 *   const off = core.on("fleet:changed", ({ changes }) => ...); // returns its unsubscribe
 *   await core.close();                                        // stops pollers, pulls, child servers
 */
import { totalmem } from "node:os";
import {
  RagentsError,
  parseRequest,
  parseResponse,
  type Channel,
  type EventName,
  type EventPayloadOf,
  type RequestOf,
  type ResponseOf,
} from "../../shared/contract/index.js";
import type { CoreConfig } from "./core-config.js";
import { createHandlers } from "./core-handlers.js";
import { BUILTIN_ID, EmbeddedDefault, LOCAL_ID } from "./embedded/embedded-default.js";
import { EventHub } from "./event-hub.js";
import { ChangeCoalescer } from "./fleet/change-coalescer.js";
import { FleetActions } from "./fleet/fleet-actions.js";
import { FleetService } from "./fleet/fleet-service.js";
import { FleetStore } from "./fleet/fleet-store.js";
import { PullManager } from "./fleet/pull-manager.js";
import { ThroughputTracker } from "./fleet/throughput.js";
import type { StoredSettings } from "./settings/settings-schema.js";
import { SettingsStore } from "./settings/settings-store.js";
import { computeBudget } from "./system/ram-budget.js";
import { SystemMonitor } from "./system/system-monitor.js";

export type { CoreConfig } from "./core-config.js";
export { BUILTIN_ID, LOCAL_ID };

export interface Core {
  /** Parses `payload` for `channel`, runs it, returns the response; rejects with a `RagentsError`. */
  handle(channel: string, payload: unknown): Promise<unknown>;
  /** The typed form of `handle`, for in-process callers and tests. */
  request<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayloadOf<E>) => void): () => void;
  /** Stops polling, pulls and every server rAgents started; idempotent. */
  close(): Promise<void>;
}

export async function createCore(config: CoreConfig): Promise<Core> {
  const log = config.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const settings = await SettingsStore.open(config.dataDir);
  for (const notice of settings.notices) log(`settings: ${notice.message}`);

  const effective = (): StoredSettings => {
    const s = settings.settings;
    return {
      ...s,
      localOllamaUrl: config.localOllamaUrl ?? s.localOllamaUrl,
      autostartEmbedded: config.autostartEmbedded ?? s.autostartEmbedded,
      polling: { ...s.polling, ...config.polling },
    };
  };

  const events = new EventHub(log);
  const coalescer = new ChangeCoalescer(config.fleetChangeWindowMs ?? 250, (changes) =>
    events.emit("fleet:changed", { revision: store.revision, changes }),
  );
  const store = new FleetStore((changes) => coalescer.push(changes));
  const throughput = new ThroughputTracker();
  const budget = () => computeBudget(totalmem(), effective().ramBudgetBytes, store.list());

  let embedded: EmbeddedDefault | undefined;
  const fleet = new FleetService({
    store,
    timing: () => ({ ...effective().polling, loadTimeoutMs: config.loadTimeoutMs }),
    onOutcome: (id, outcome) => {
      if (id === LOCAL_ID && embedded) void embedded.decide(outcome).catch((error: Error) => log(`embedded: ${error.message}`));
    },
  });
  if (effective().autostartEmbedded) {
    embedded = new EmbeddedDefault({
      dataDir: config.dataDir,
      localUrl: effective().localOllamaUrl,
      fleet,
      ramBudgetBytes: () => budget().budgetBytes,
      log,
      engineArgs: config.engineArgs,
      searchPath: config.ollamaSearchPath,
    });
  }

  const pulls = new PullManager({
    emit: (progress) => events.emit("fleet:pull-progress", progress),
    onFinished: (endpointId) => void fleet.refresh(endpointId),
    throttleMs: config.pullProgressThrottleMs,
  });
  const actions = new FleetActions({ fleet, store, throughput, budget });
  const system = new SystemMonitor({
    intervalMs: () => effective().polling.systemIntervalMs,
    budget: (total) => computeBudget(total, effective().ramBudgetBytes, store.list()),
    knownProcesses: () => embedded?.processes() ?? new Map(),
    // A user-started `ollama serve` can only be running when the local endpoint answers.
    scanForOllama: () => store.get(LOCAL_ID)?.status === "up",
    emit: (snapshot) => events.emit("system:changed", snapshot),
  });

  const handlers = createHandlers({
    store,
    fleet,
    actions,
    pulls,
    settings,
    system,
    events,
    embedded,
    effective,
    localUrlPinned: config.localOllamaUrl !== undefined,
  });

  fleet.add({ id: LOCAL_ID, name: "Local Ollama", kind: "ollama-local", url: effective().localOllamaUrl, owner: "external" });
  for (const e of settings.settings.endpoints) {
    fleet.add({ id: e.id, name: e.name, kind: "ollama-remote", url: e.url, token: e.token, owner: "external" });
  }
  if (config.systemMonitor ?? true) system.start();

  let closed = false;
  const handle = async (channel: string, payload: unknown): Promise<unknown> => {
    if (closed) throw new RagentsError("unavailable", "the core is shutting down");
    const parsed = parseRequest(channel, payload);
    if (!parsed.ok) throw new RagentsError(parsed.error.code, parsed.error.message);
    const handler = handlers[channel as Channel] as (request: unknown) => unknown;
    const response = await handler(parsed.data);
    // Our own answers are checked too: a wrong shape is our defect, reported as such, not sent.
    const checked = parseResponse(channel as Channel, response);
    if (!checked.ok) throw new RagentsError("internal", checked.error.message);
    return checked.data;
  };

  return {
    handle,
    request: (channel, payload) => handle(channel, payload) as Promise<ResponseOf<typeof channel>>,
    on: (event, handler) => events.on(event, handler),
    close: async () => {
      if (closed) return;
      closed = true;
      pulls.close();
      fleet.close();
      coalescer.close();
      await system.stop();
      await embedded?.stop();
      events.clear();
    },
  };
}
