/**
 * The fleet as the core knows it, and the diffs between one state and the next. Every mutation
 * goes through here, so the full snapshot (`fleet:list`) and the pushed changes can never disagree.
 */
import type {
  EndpointState,
  EndpointSummary,
  FleetChange,
  InstalledModel,
  LoadedModel,
  Throughput,
} from "../../../shared/contract/index.js";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffByName<T extends { name: string }>(
  before: T[],
  after: T[],
  upsert: (item: T) => FleetChange,
  remove: (name: string) => FleetChange,
): FleetChange[] {
  const changes: FleetChange[] = [];
  const old = new Map(before.map((m) => [m.name, m]));
  const next = new Set(after.map((m) => m.name));
  for (const item of after) if (!same(old.get(item.name), item)) changes.push(upsert(item));
  for (const name of old.keys()) if (!next.has(name)) changes.push(remove(name));
  return changes;
}

export class FleetStore {
  private readonly endpoints = new Map<string, EndpointState>();
  private revisionCount = 0;
  /** Size each model had when last seen loaded: the best estimate of what loading it again costs. */
  private readonly residentSizes = new Map<string, number>();

  constructor(private readonly emit: (changes: FleetChange[]) => void) {}

  get revision(): number {
    return this.revisionCount;
  }

  list(): EndpointState[] {
    return [...this.endpoints.values()].map((e) => structuredClone(e));
  }

  get(id: string): EndpointState | undefined {
    return this.endpoints.get(id);
  }

  /** Adds or updates an endpoint's summary fields (status, reason, latency, URL, ...). */
  upsertSummary(summary: EndpointSummary): void {
    const current = this.endpoints.get(summary.id);
    if (current && same(summaryOf(current), summary)) return;
    this.endpoints.set(summary.id, { ...(current ?? { installed: [], loaded: [], throughput: [] }), ...summary });
    this.commit([{ kind: "endpoint-upserted", endpoint: summary }]);
  }

  patchSummary(id: string, patch: Partial<Omit<EndpointSummary, "id">>): void {
    const current = this.endpoints.get(id);
    if (current) this.upsertSummary({ ...summaryOf(current), ...patch });
  }

  setModels(id: string, installed: InstalledModel[], loaded: LoadedModel[]): void {
    const current = this.endpoints.get(id);
    if (!current) return;
    const changes = [
      ...diffByName(
        current.installed,
        installed,
        (model) => ({ kind: "installed-upserted", endpointId: id, model }),
        (name) => ({ kind: "installed-removed", endpointId: id, name }),
      ),
      ...diffByName(
        current.loaded,
        loaded,
        (model) => ({ kind: "loaded-upserted", endpointId: id, model }),
        (name) => ({ kind: "loaded-removed", endpointId: id, name }),
      ),
    ] satisfies FleetChange[];
    for (const m of loaded) this.residentSizes.set(`${id}\n${m.name}`, m.sizeBytes);
    if (changes.length === 0) return;
    current.installed = installed;
    current.loaded = loaded;
    this.commit(changes);
  }

  lastResidentSize(id: string, model: string): number | undefined {
    return this.residentSizes.get(`${id}\n${model}`);
  }

  setThroughput(id: string, throughput: Throughput): void {
    const current = this.endpoints.get(id);
    if (!current) return;
    current.throughput = [...current.throughput.filter((t) => t.model !== throughput.model), throughput];
    this.commit([{ kind: "throughput-updated", endpointId: id, throughput }]);
  }

  remove(id: string): void {
    if (!this.endpoints.delete(id)) return;
    this.commit([{ kind: "endpoint-removed", endpointId: id }]);
  }

  private commit(changes: FleetChange[]): void {
    this.revisionCount += changes.length;
    this.emit(changes);
  }
}

export function summaryOf(state: EndpointState): EndpointSummary {
  const { installed: _i, loaded: _l, throughput: _t, ...summary } = state;
  return summary;
}
