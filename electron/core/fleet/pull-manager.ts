/**
 * Pulls in flight: each streams Ollama progress lines, which become `fleet:pull-progress`
 * events with bytes, %, rate and ETA (throttled, the final state always sent). Cancel aborts the
 * request; the endpoint drops the unfinished download (Ollama keeps no manifest for it, the
 * built-in engine deletes its temp file), so no partial model appears.
 */
import { randomUUID } from "node:crypto";
import { RagentsError, type PullProgress } from "../../../shared/contract/index.js";
import type { Endpoint, PullSource, PullStatus } from "../endpoints/endpoint.js";
import { toEndpointError } from "../endpoints/endpoint-error.js";

interface Pull {
  progress: PullProgress;
  controller: AbortController;
  /** Bytes per layer digest: Ollama reports each layer's progress separately. */
  layers: Map<string, { total: number; completed: number }>;
  rateSample: { at: number; bytes: number };
  lastSent: number;
  /** The emit of the latest state at the end of a throttle window, when one was held back. */
  trailing: NodeJS.Timeout | undefined;
}

export interface PullManagerOptions {
  emit: (progress: PullProgress) => void;
  /** Called when a pull ends (any way), so the fleet re-reads the endpoint's models. */
  onFinished: (endpointId: string) => void;
  throttleMs?: number;
}

export class PullManager {
  private readonly pulls = new Map<string, Pull>();
  /** Finished pulls are kept briefly so a view opened just after still sees how they ended. */
  private readonly finished: PullProgress[] = [];

  constructor(private readonly options: PullManagerOptions) {}

  list(): PullProgress[] {
    return [...this.finished, ...[...this.pulls.values()].map((p) => ({ ...p.progress }))];
  }

  start(endpoint: Endpoint, source: PullSource): PullProgress {
    for (const p of this.pulls.values()) {
      if (p.progress.endpointId === endpoint.id && p.progress.model === source.model) {
        throw new RagentsError("conflict", `${source.model} is already being pulled onto '${endpoint.id}'`);
      }
    }
    const now = Date.now();
    const pull: Pull = {
      progress: {
        pullId: randomUUID(),
        endpointId: endpoint.id,
        model: source.model,
        state: "running",
        status: "starting",
        completedBytes: 0,
        totalBytes: null,
        percent: null,
        bytesPerSecond: null,
        etaSeconds: null,
        error: null,
        startedAt: new Date(now).toISOString(),
      },
      controller: new AbortController(),
      layers: new Map(),
      rateSample: { at: now, bytes: 0 },
      lastSent: 0,
      trailing: undefined,
    };
    this.pulls.set(pull.progress.pullId, pull);
    void this.run(endpoint, source, pull);
    return { ...pull.progress };
  }

  cancel(pullId: string): boolean {
    const pull = this.pulls.get(pullId);
    if (!pull) {
      if (this.finished.some((p) => p.pullId === pullId)) return false;
      throw new RagentsError("not_found", `no pull '${pullId}'`);
    }
    pull.controller.abort();
    return true;
  }

  close(): void {
    for (const pull of this.pulls.values()) pull.controller.abort();
  }

  private async run(endpoint: Endpoint, source: PullSource, pull: Pull): Promise<void> {
    try {
      for await (const status of endpoint.pull(source, pull.controller.signal)) {
        this.advance(pull, status);
      }
      Object.assign(pull.progress, { state: "done", percent: 100, etaSeconds: 0 });
      if (pull.progress.totalBytes !== null) pull.progress.completedBytes = pull.progress.totalBytes;
    } catch (error) {
      if (pull.controller.signal.aborted) Object.assign(pull.progress, { state: "cancelled", status: "cancelled" });
      else Object.assign(pull.progress, { state: "failed", error: toEndpointError(error, "POST /api/pull").reason });
      Object.assign(pull.progress, { bytesPerSecond: null, etaSeconds: null });
    }
    clearTimeout(pull.trailing);
    this.pulls.delete(pull.progress.pullId);
    this.finished.push({ ...pull.progress });
    if (this.finished.length > 20) this.finished.shift();
    this.options.emit({ ...pull.progress });
    this.options.onFinished(endpoint.id);
  }

  private advance(pull: Pull, status: PullStatus): void {
    const p = pull.progress;
    p.status = status.status.slice(0, 200) || p.status;
    if (status.total !== undefined && status.total > 0) {
      const key = status.digest ?? "";
      pull.layers.set(key, { total: status.total, completed: Math.min(status.completed ?? 0, status.total) });
      let total = 0;
      let completed = 0;
      for (const layer of pull.layers.values()) {
        total += layer.total;
        completed += layer.completed;
      }
      p.totalBytes = total;
      p.completedBytes = completed;
      p.percent = Math.round((completed / total) * 1000) / 10;
    }
    const now = Date.now();
    const elapsed = (now - pull.rateSample.at) / 1000;
    if (elapsed >= 0.5) {
      const instant = Math.max(0, p.completedBytes - pull.rateSample.bytes) / elapsed;
      // Smoothed so the ETA does not jump with every chunk.
      p.bytesPerSecond = Math.round(p.bytesPerSecond === null ? instant : 0.7 * p.bytesPerSecond + 0.3 * instant);
      pull.rateSample = { at: now, bytes: p.completedBytes };
    }
    p.etaSeconds =
      p.totalBytes !== null && p.bytesPerSecond ? Math.round((p.totalBytes - p.completedBytes) / p.bytesPerSecond) : null;
    this.emitThrottled(pull, now);
  }

  /**
   * At most one event per throttle window, but the latest state is never held back for good: a
   * download that stalls right after a burst still shows how far it got.
   */
  private emitThrottled(pull: Pull, now: number): void {
    const throttleMs = this.options.throttleMs ?? 250;
    const wait = pull.lastSent + throttleMs - now;
    if (wait <= 0) {
      clearTimeout(pull.trailing);
      pull.trailing = undefined;
      pull.lastSent = now;
      this.options.emit({ ...pull.progress });
    } else {
      pull.trailing ??= setTimeout(() => {
        pull.trailing = undefined;
        if (this.pulls.has(pull.progress.pullId)) this.emitThrottled(pull, Date.now());
      }, wait);
    }
  }
}
