/**
 * What the user does to models: check, load, unload, unload-idle, delete, benchmark. Each action
 * ends by re-probing its endpoint, so the response and the next `fleet:changed` agree.
 */
import {
  RagentsError,
  type BenchmarkResult,
  type Budget,
  type KeepAlive,
  type LoadCheck,
  type ResponseOf,
} from "../../../shared/contract/index.js";
import type { GenerationStats } from "../endpoints/endpoint.js";
import { checkLoad } from "../system/ram-budget.js";
import type { FleetService } from "./fleet-service.js";
import type { FleetStore } from "./fleet-store.js";
import { withTag } from "./model-name.js";
import type { ThroughputTracker } from "./throughput.js";

/** Fixed so runs compare with each other: short, neutral, and deterministic with seed 1. */
export const BENCHMARK_PROMPT = "Write two sentences about a lighthouse keeper.";
const DEFAULT_BENCHMARK_TOKENS = 64;

export interface FleetActionsOptions {
  fleet: FleetService;
  store: FleetStore;
  throughput: ThroughputTracker;
  budget: () => Budget;
}

export class FleetActions {
  /** Models a request of ours is using right now: `unload-idle` leaves them alone. */
  private readonly busy = new Map<string, number>();

  constructor(private readonly o: FleetActionsOptions) {}

  loadCheck(endpointId: string, model: string): LoadCheck {
    const name = withTag(model);
    return checkLoad(this.o.budget(), this.state(endpointId), name, this.o.store.lastResidentSize(endpointId, name));
  }

  async load(endpointId: string, model: string, keepAlive: KeepAlive | undefined, allowOverBudget: boolean): Promise<ResponseOf<"fleet:load">> {
    const name = withTag(model);
    const endpoint = this.o.fleet.endpoint(endpointId);
    this.requireInstalled(endpointId, name);
    const check = this.loadCheck(endpointId, name);
    if (!check.fits && !allowOverBudget) return { outcome: "over-budget", check };
    const started = performance.now();
    const stats = await this.using(endpointId, name, () => endpoint.load(name, keepAlive));
    const loadMs = Math.round(performance.now() - started);
    if (stats) this.recordStats(endpointId, name, stats);
    await this.o.fleet.refresh(endpointId);
    return { outcome: "loaded", loadMs, check };
  }

  async unload(endpointId: string, model: string): Promise<void> {
    await this.o.fleet.endpoint(endpointId).unload(withTag(model));
    await this.o.fleet.refresh(endpointId);
  }

  async unloadIdle(endpointId: string | undefined): Promise<{ endpointId: string; model: string }[]> {
    const ids = endpointId ? [endpointId] : this.o.fleet.ids();
    const unloaded: { endpointId: string; model: string }[] = [];
    for (const id of ids) {
      const state = this.state(id);
      if (state.status !== "up") {
        if (endpointId) throw new RagentsError("unavailable", `endpoint '${id}' is down: ${state.reason ?? "unknown reason"}`);
        continue;
      }
      const idle = state.loaded.filter((m) => !this.busy.has(`${id}\n${m.name}`));
      for (const m of idle) {
        await this.o.fleet.endpoint(id).unload(m.name);
        unloaded.push({ endpointId: id, model: m.name });
      }
      if (idle.length > 0) await this.o.fleet.refresh(id);
    }
    return unloaded;
  }

  async delete(endpointId: string, model: string): Promise<void> {
    const name = withTag(model);
    const endpoint = this.o.fleet.endpoint(endpointId);
    this.requireInstalled(endpointId, name);
    await endpoint.delete(name);
    await this.o.fleet.refresh(endpointId);
  }

  async benchmark(endpointId: string, model: string, maxTokens = DEFAULT_BENCHMARK_TOKENS): Promise<BenchmarkResult> {
    const name = withTag(model);
    const endpoint = this.o.fleet.endpoint(endpointId);
    this.requireInstalled(endpointId, name);
    return this.using(endpointId, name, async () => {
      const started = performance.now();
      let firstToken: number | null = null;
      let stats: GenerationStats | undefined;
      for await (const chunk of endpoint.generate(name, { prompt: BENCHMARK_PROMPT, maxTokens, seed: 1, temperature: 0 })) {
        if (firstToken === null && chunk.text.length > 0) firstToken = performance.now();
        if (chunk.done) stats = chunk.stats;
      }
      const totalMs = performance.now() - started;
      if (!stats) throw new RagentsError("unavailable", `endpoint '${endpointId}' ended the benchmark without a final chunk`);
      this.recordStats(endpointId, name, stats);
      const rate = (count: number, ns: number) => (count > 0 && ns > 0 ? round((count * 1e9) / ns) : null);
      await this.o.fleet.refresh(endpointId);
      return {
        endpointId,
        model: name,
        promptTokens: stats.promptEvalCount,
        generatedTokens: stats.evalCount,
        tokensPerSecond: rate(stats.evalCount, stats.evalDurationNs),
        promptTokensPerSecond: rate(stats.promptEvalCount, stats.promptEvalDurationNs),
        timeToFirstTokenMs: firstToken === null ? null : round(firstToken - started),
        totalMs: round(totalMs),
      };
    });
  }

  private recordStats(endpointId: string, model: string, stats: GenerationStats): void {
    const throughput = this.o.throughput.record(endpointId, model, stats);
    if (throughput) this.o.store.setThroughput(endpointId, throughput);
  }

  private state(endpointId: string) {
    const state = this.o.store.get(endpointId);
    if (!state) throw new RagentsError("not_found", `no endpoint '${endpointId}'`);
    return state;
  }

  /** Refuses early with a clear message rather than letting the endpoint answer a bare 404. */
  private requireInstalled(endpointId: string, name: string): void {
    const state = this.state(endpointId);
    if (state.status !== "up") throw new RagentsError("unavailable", `endpoint '${endpointId}' is down: ${state.reason ?? "not checked yet"}`);
    if (!state.installed.some((m) => m.name === name)) {
      throw new RagentsError("not_found", `model '${name}' is not installed on endpoint '${endpointId}'`);
    }
  }

  private async using<T>(endpointId: string, model: string, run: () => Promise<T>): Promise<T> {
    const key = `${endpointId}\n${model}`;
    this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
    try {
      return await run();
    } finally {
      const left = (this.busy.get(key) ?? 1) - 1;
      if (left > 0) this.busy.set(key, left);
      else this.busy.delete(key);
    }
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
