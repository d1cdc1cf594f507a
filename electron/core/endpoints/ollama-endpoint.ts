/**
 * An Ollama-protocol endpoint (the user's Ollama, a remote one behind a proxy, or the built-in
 * engine) through the official `ollama` client. Every request has a deadline, so a hanging or
 * garbage-answering server becomes "down: <reason>" instead of stalling the core.
 */
import { Ollama, type AbortableAsyncIterator, type ProgressResponse } from "ollama";
import type { z } from "zod";
import type { EndpointKind, KeepAlive } from "../../../shared/contract/index.js";
import type { Endpoint, GenerateOptions, GenerationChunk, GenerationStats, ProbeResult, PullSource, PullStatus } from "./endpoint.js";
import { EndpointError, toEndpointError } from "./endpoint-error.js";
import { psAnswer, tagsAnswer, toInstalledModels, toLoadedModels, versionAnswer } from "./ollama-responses.js";
import { deadlineFetch, headersDeadlineFetch, withIdleDeadline } from "./timed-fetch.js";

/** With 5 s polling, a model pulled or deleted outside rAgents shows within 30 s. */
const FULL_PROBE_EVERY = 6;

export interface OllamaEndpointOptions {
  id: string;
  kind: EndpointKind;
  url: string;
  token?: string;
  /** Deadline for quick calls (version, tags, ps, delete). */
  requestTimeoutMs: number;
  /** Deadline for loading a model, and for the first byte / the gap between bytes of a stream. */
  loadTimeoutMs?: number;
}

/** The official client, with the one streaming call it does not expose with our fields (pull from URL). */
class OllamaClient extends Ollama {
  pullStream(body: Record<string, unknown>): Promise<AbortableAsyncIterator<ProgressResponse>> {
    return this.processStreamableRequest<ProgressResponse>("pull", { ...body, stream: true }) as Promise<
      AbortableAsyncIterator<ProgressResponse>
    >;
  }
}

export class OllamaEndpoint implements Endpoint {
  readonly id: string;
  readonly kind: EndpointKind;
  readonly url: string;
  private readonly quick: OllamaClient;
  private readonly slow: OllamaClient;
  private readonly streaming: OllamaClient;
  private readonly requestTimeoutMs: number;
  private readonly loadTimeoutMs: number;
  private readonly inFlight = new Set<AbortController>();
  /** Version and installed models from the last full probe; undefined forces the next probe full. */
  private known: Pick<ProbeResult, "version" | "installed"> | undefined;
  private probesSinceFull = 0;

  constructor(options: OllamaEndpointOptions) {
    this.id = options.id;
    this.kind = options.kind;
    this.url = options.url;
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 300_000;
    const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
    const make = (fetch: typeof globalThis.fetch) => new OllamaClient({ host: options.url, headers, fetch });
    this.quick = make(deadlineFetch(this.requestTimeoutMs));
    this.slow = make(deadlineFetch(this.loadTimeoutMs));
    this.streaming = make(headersDeadlineFetch(this.loadTimeoutMs));
  }

  /**
   * While an endpoint stays up, most probes ask only `/api/ps` (what is loaded changes by the
   * minute; version and installed models rarely do): a full probe runs after a failure, after our
   * own pull or delete, and every FULL_PROBE_EVERY-th time to catch changes made outside rAgents.
   * Three calls per probe were most of the idle host's CPU (`npm run bench -- host`).
   */
  async probe(): Promise<ProbeResult> {
    const full = this.known === undefined || this.probesSinceFull >= FULL_PROBE_EVERY - 1;
    try {
      const started = performance.now();
      const ps = await this.call("GET /api/ps", psAnswer, () => this.quick.ps());
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      if (full || !this.known) {
        const [version, tags] = await Promise.all([
          this.call("GET /api/version", versionAnswer, () => this.quick.version()),
          this.call("GET /api/tags", tagsAnswer, () => this.quick.list()),
        ]);
        this.known = { version: version.version, installed: toInstalledModels(tags) };
        this.probesSinceFull = 0;
      } else {
        this.probesSinceFull += 1;
      }
      return { ...this.known, latencyMs, loaded: toLoadedModels(ps) };
    } catch (error) {
      this.known = undefined;
      throw error;
    }
  }

  async *pull(source: PullSource, signal: AbortSignal): AsyncIterable<PullStatus> {
    // Ollama reads `model` (older versions `name`); the built-in engine also takes `url` and `sha256`.
    this.known = undefined; // the installed models are about to change: the next probe is full
    const body: Record<string, unknown> = { model: source.model, name: source.model };
    if (source.url) Object.assign(body, { url: source.url, sha256: source.sha256 });
    yield* this.stream("POST /api/pull", signal, () => this.streaming.pullStream(body), (p) => ({
      status: String(p.status ?? ""),
      digest: typeof p.digest === "string" ? p.digest : undefined,
      total: typeof p.total === "number" ? p.total : undefined,
      completed: typeof p.completed === "number" ? p.completed : undefined,
    }));
  }

  async delete(model: string): Promise<void> {
    this.known = undefined;
    await this.call("DELETE /api/delete", null, () => this.quick.delete({ model }));
  }

  async load(model: string, keepAlive: KeepAlive | undefined): Promise<GenerationStats | null> {
    const answer = await this.call("POST /api/generate", null, () =>
      this.slow.generate({ model, prompt: "", stream: false, ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {}) }),
    );
    return statsOf(answer as unknown as Record<string, unknown>);
  }

  async unload(model: string): Promise<void> {
    await this.call("POST /api/generate", null, () => this.quick.generate({ model, prompt: "", stream: false, keep_alive: 0 }));
  }

  async *generate(model: string, options: GenerateOptions): AsyncIterable<GenerationChunk> {
    const request = {
      model,
      prompt: options.prompt,
      stream: true as const,
      options: { num_predict: options.maxTokens, seed: options.seed, temperature: options.temperature },
    };
    const signal = options.signal ?? new AbortController().signal;
    yield* this.stream("POST /api/generate", signal, () => this.streaming.generate(request), (chunk) => {
      const text = typeof chunk.response === "string" ? chunk.response : "";
      if (!chunk.done) return { text, done: false as const };
      const stats = statsOf(chunk as unknown as Record<string, unknown>);
      if (!stats) throw new EndpointError("unavailable", "final generate chunk carries no eval counts");
      return { text, done: true as const, stats };
    });
  }

  close(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private async call<T>(what: string, schema: z.ZodType<T> | null, run: () => Promise<unknown>): Promise<T> {
    let raw: unknown;
    try {
      raw = await run();
    } catch (error) {
      throw toEndpointError(error, what, what.startsWith("POST /api/generate") ? this.loadTimeoutMs : this.requestTimeoutMs);
    }
    if (!schema) return raw as T;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new EndpointError("unavailable", `unexpected answer to ${what}`);
    return parsed.data;
  }

  /** Runs a streamed call: links `signal` to the client's abort, enforces the idle deadline, maps chunks. */
  private async *stream<C extends object, T>(
    what: string,
    signal: AbortSignal,
    open: () => Promise<AbortableAsyncIterator<C>>,
    map: (chunk: C) => T,
  ): AsyncIterable<T> {
    if (signal.aborted) throw new EndpointError("unavailable", `aborted (${what})`);
    const local = new AbortController();
    this.inFlight.add(local);
    let iterator: AbortableAsyncIterator<C> | undefined;
    const abort = () => {
      local.abort();
      iterator?.abort();
    };
    signal.addEventListener("abort", abort, { once: true });
    try {
      iterator = await open();
      if (local.signal.aborted || signal.aborted) iterator.abort();
      for await (const chunk of withIdleDeadline(iterator, this.loadTimeoutMs, () => iterator?.abort())) {
        yield map(chunk);
      }
    } catch (error) {
      if (signal.aborted || local.signal.aborted) throw new EndpointError("unavailable", `aborted (${what})`);
      throw toEndpointError(error, what, this.loadTimeoutMs);
    } finally {
      signal.removeEventListener("abort", abort);
      this.inFlight.delete(local);
      iterator?.abort();
    }
  }
}

function statsOf(chunk: Record<string, unknown>): GenerationStats | null {
  const n = (key: string) => (typeof chunk[key] === "number" && Number.isFinite(chunk[key]) ? (chunk[key] as number) : 0);
  if (typeof chunk.eval_count !== "number" && typeof chunk.prompt_eval_count !== "number") return null;
  return {
    promptEvalCount: n("prompt_eval_count"),
    promptEvalDurationNs: n("prompt_eval_duration"),
    evalCount: n("eval_count"),
    evalDurationNs: n("eval_duration"),
    totalDurationNs: n("total_duration"),
    loadDurationNs: n("load_duration"),
  };
}
