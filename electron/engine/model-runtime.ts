/**
 * Which models are in memory and who may use them: up to `parallel` context sequences (slots)
 * per loaded model, a RAM budget for all loaded models with least-recently-used eviction of idle
 * ones, keep_alive expiry, and a bounded queue of waiting requests (503 beyond it, as Ollama does).
 *
 * Everything that changes the set of loaded models goes through `pump()`, one decision at a
 * time, so two requests can never both decide to evict or load on the same stale picture.
 */
import { GgufInsights, readGgufFileInfo, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaEmbeddingContext, type LlamaModel, type Token } from "node-llama-cpp";
import { EngineError } from "./engine-error.js";
import type { GgufSummary } from "./gguf/gguf-inspect.js";
import type { CatalogEntry } from "./model-catalog.js";

export interface RuntimeOptions {
  parallel: number;
  ramBudgetBytes: number;
  maxQueue: number;
  threads?: number;
  log: (line: string) => void;
}

export interface LoadedModel {
  entry: CatalogEntry;
  summary: GgufSummary;
  numCtx: number;
  model: LlamaModel;
  context: LlamaContext;
  freeSlots: LlamaContextSequence[];
  active: number;
  sizeBytes: number;
  sizeVramBytes: number;
  lastUsed: number;
  /** null while kept forever (negative keep_alive) */
  expiresAt: number | null;
  /** The keep_alive last asked for, so a busy model still shows when it would expire. */
  keepAliveMs: number;
  timer?: NodeJS.Timeout;
  embedding?: Promise<LlamaEmbeddingContext>;
  /** Set by an unload request that arrived while requests were running on the model. */
  unloadWhenIdle?: boolean;
}

export interface Lease {
  loaded: LoadedModel;
  sequence: LlamaContextSequence;
  /** Nanoseconds this request spent waiting for the model to load (0 when it was warm). */
  loadDurationNs: number;
}

interface Waiter {
  entry: CatalogEntry;
  summary: GgufSummary;
  numCtx: number;
  preferTokens: Token[] | undefined;
  enqueuedAt: bigint;
  loadDurationNs: number;
  resolve: (lease: Lease) => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}

const GiB = 1024 ** 3;
const formatGiB = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;

export class ModelRuntime {
  readonly loaded = new Map<string, LoadedModel>();
  private waiters: Waiter[] = [];
  private loading: string | null = null;
  /** A load is waiting for busy models to become idle; only a release or unload can unblock it. */
  private blockedOnMemory = false;
  private insights = new Map<string, GgufInsights>();
  private closed = false;

  constructor(private readonly llama: Llama, readonly options: RuntimeOptions) {}

  /** Memory the engine has committed to loaded models. */
  usedBytes(): number {
    let sum = 0;
    for (const m of this.loaded.values()) sum += m.sizeBytes;
    return sum;
  }

  /** Estimated RAM (and VRAM) for a model at a context size, before loading it. */
  async estimate(entry: CatalogEntry, numCtx: number): Promise<{ total: number; vram: number }> {
    let insights = this.insights.get(entry.path);
    if (!insights) {
      insights = await GgufInsights.from(await readGgufFileInfo(entry.path), this.llama);
      this.insights.set(entry.path, insights);
    }
    const gpuLayers = this.llama.gpu === false ? 0 : insights.totalLayers;
    const model = insights.estimateModelResourceRequirements({ gpuLayers });
    const context = insights.estimateContextResourceRequirements({
      contextSize: numCtx, modelGpuLayers: gpuLayers, sequences: this.options.parallel,
    });
    const vram = model.gpuVram + context.gpuVram;
    return { total: model.cpuRam + context.cpuRam + vram, vram };
  }

  /** Waits for a slot on the model (loading it, and evicting idle ones, as needed). */
  acquire(entry: CatalogEntry, summary: GgufSummary, numCtx: number, opts: { signal?: AbortSignal; preferTokens?: Token[] } = {}): Promise<Lease> {
    if (this.closed) return Promise.reject(new EngineError(503, "engine is shutting down"));
    const queued = this.waiters.length;
    if (queued >= this.options.maxQueue) {
      return Promise.reject(new EngineError(503, "server busy, please try again.  maximum pending requests exceeded"));
    }
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        entry, summary, numCtx, preferTokens: opts.preferTokens, enqueuedAt: process.hrtime.bigint(),
        loadDurationNs: 0, resolve, reject, signal: opts.signal,
      };
      if (opts.signal) {
        if (opts.signal.aborted) return reject(new EngineError(499, "request aborted"));
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new EngineError(499, "request aborted"));
        };
        opts.signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Gives the slot back; the model then stays for `keepAliveMs` (negative: forever, 0: unload now). */
  release(lease: Lease, keepAliveMs: number): void {
    const m = lease.loaded;
    m.active--;
    m.freeSlots.push(lease.sequence);
    m.lastUsed = Date.now();
    this.blockedOnMemory = false;
    if (m.unloadWhenIdle && m.active === 0) {
      void this.unload(m.entry.name);
      return;
    }
    this.setKeepAlive(m, keepAliveMs);
    this.pump();
  }

  /** Applies keep_alive to a loaded model: expiry timer, forever, or unload as soon as it is idle. */
  setKeepAlive(m: LoadedModel, keepAliveMs: number): void {
    clearTimeout(m.timer);
    m.timer = undefined;
    m.keepAliveMs = keepAliveMs;
    if (keepAliveMs < 0) {
      m.expiresAt = null;
      return;
    }
    m.expiresAt = Date.now() + keepAliveMs;
    if (m.active === 0 && keepAliveMs === 0) {
      void this.unload(m.entry.name);
      return;
    }
    m.timer = setTimeout(() => {
      if (m.active === 0) void this.unload(m.entry.name);
    }, keepAliveMs);
    m.timer.unref();
  }

  async unload(name: string): Promise<boolean> {
    const m = this.loaded.get(name);
    if (!m) return false;
    if (m.active > 0) {
      m.unloadWhenIdle = true;
      m.expiresAt = Date.now();
      return false;
    }
    this.loaded.delete(name);
    this.blockedOnMemory = false;
    clearTimeout(m.timer);
    this.options.log(`unloading ${name}`);
    try {
      if (m.embedding) await (await m.embedding).dispose();
      await m.context.dispose();
      await m.model.dispose();
    } catch (error) {
      this.options.log(`error while unloading ${name}: ${(error as Error).message}`);
    }
    this.pump();
    return true;
  }

  async embeddingContext(m: LoadedModel): Promise<LlamaEmbeddingContext> {
    m.embedding ??= m.model.createEmbeddingContext({ contextSize: m.numCtx });
    return m.embedding;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new EngineError(503, "engine is shutting down"));
    for (const m of [...this.loaded.values()]) {
      m.active = 0;
      await this.unload(m.entry.name);
    }
  }

  /** Grants what can be granted now, in arrival order per model, and starts at most one load. */
  private pump(): void {
    for (const waiter of [...this.waiters]) {
      const m = this.loaded.get(waiter.entry.name);
      if (m && m.numCtx === waiter.numCtx && m.entry.path === waiter.entry.path) {
        if (m.unloadWhenIdle) continue; // draining for an unload: new work waits for the reload
        if (m.freeSlots.length > 0) this.grant(waiter, m);
        continue;
      }
      if (this.loading || this.blockedOnMemory) continue;
      if (m) {
        // Loaded with another context size: reload once it is idle, as Ollama does.
        if (m.active === 0) void this.unload(m.entry.name);
        continue;
      }
      this.loading = waiter.entry.name;
      void this.load(waiter).finally(() => {
        this.loading = null;
        this.pump();
      });
    }
  }

  private grant(waiter: Waiter, m: LoadedModel): void {
    this.waiters.splice(this.waiters.indexOf(waiter), 1);
    if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
    // Prefer the slot whose cached tokens share the longest prefix with this prompt.
    let best = 0;
    if (waiter.preferTokens) {
      let bestLength = -1;
      m.freeSlots.forEach((slot, i) => {
        const length = commonPrefix(slot.contextTokens, waiter.preferTokens!);
        if (length > bestLength) { bestLength = length; best = i; }
      });
    }
    const [sequence] = m.freeSlots.splice(best, 1);
    m.active++;
    m.lastUsed = Date.now();
    clearTimeout(m.timer);
    if (m.keepAliveMs >= 0) m.expiresAt = Date.now() + m.keepAliveMs; // as Ollama shows a running model
    waiter.resolve({ loaded: m, sequence: sequence!, loadDurationNs: waiter.loadDurationNs });
  }

  private async load(waiter: Waiter): Promise<void> {
    const { entry, numCtx } = waiter;
    try {
      const need = await this.estimate(entry, numCtx);
      if (need.total > this.options.ramBudgetBytes) {
        throw new EngineError(500, `model requires more system memory (${formatGiB(need.total)}) than is available (${formatGiB(this.options.ramBudgetBytes)})`);
      }
      // Evict idle models, least recently used first, until the new one fits.
      while (this.usedBytes() + need.total > this.options.ramBudgetBytes) {
        const idle = [...this.loaded.values()].filter((m) => m.active === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
        if (!idle) {
          this.blockedOnMemory = true; // everything is busy: stay queued until a release
          return;
        }
        await this.unload(idle.entry.name);
      }
      if (!this.waiters.includes(waiter)) return; // aborted while we made room
      const started = process.hrtime.bigint();
      this.options.log(`loading ${entry.name} (num_ctx ${numCtx}, ${this.options.parallel} slots, ≈${formatGiB(need.total)})`);
      const model = await this.llama.loadModel({ modelPath: entry.path, ...(this.llama.gpu === false ? { gpuLayers: 0 } : {}) });
      let context: LlamaContext;
      try {
        context = await model.createContext({
          contextSize: numCtx, sequences: this.options.parallel, failedCreationRemedy: false,
          ...(this.options.threads ? { threads: this.options.threads } : {}),
        });
      } catch (error) {
        await model.dispose();
        throw error;
      }
      const freeSlots = Array.from({ length: this.options.parallel }, () => context.getSequence());
      const loaded: LoadedModel = {
        entry, summary: waiter.summary, numCtx, model, context, freeSlots, active: 0,
        sizeBytes: need.total, sizeVramBytes: need.vram, lastUsed: Date.now(), expiresAt: null, keepAliveMs: -1,
      };
      this.loaded.set(entry.name, loaded);
      const loadNs = Number(process.hrtime.bigint() - started);
      // Every request that waited for this load reports it, as Ollama's load_duration does.
      for (const w of this.waiters) if (w.entry.name === entry.name) w.loadDurationNs = loadNs;
    } catch (error) {
      const failure = error instanceof EngineError ? error : new EngineError(500, `failed to load model '${entry.name}': ${(error as Error).message}`);
      for (const w of this.waiters.filter((w) => w.entry.name === entry.name)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        if (w.onAbort) w.signal?.removeEventListener("abort", w.onAbort);
        w.reject(failure);
      }
    }
  }
}

export function commonPrefix(a: readonly Token[], b: readonly Token[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
