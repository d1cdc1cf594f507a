/**
 * What the fleet needs from a model server. Ollama (local or remote) and the built-in engine
 * implement it through `OllamaEndpoint`; an OpenAI-compatible provider or a remote rAgents
 * worker can implement it later without the fleet changing.
 */
import type { EndpointKind, InstalledModel, KeepAlive, LoadedModel } from "../../../shared/contract/index.js";

/** One poll of an endpoint: everything the fleet shows about it. */
export interface ProbeResult {
  version: string;
  latencyMs: number;
  installed: InstalledModel[];
  loaded: LoadedModel[];
}

/** One line of pull progress, in Ollama's words. */
export interface PullStatus {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface PullSource {
  model: string;
  /** A GGUF URL (built-in engine only). */
  url?: string;
  sha256?: string;
}

/** Counters from a generation's final chunk (durations in nanoseconds, as Ollama reports them). */
export interface GenerationStats {
  promptEvalCount: number;
  promptEvalDurationNs: number;
  evalCount: number;
  evalDurationNs: number;
  totalDurationNs: number;
  loadDurationNs: number;
}

export type GenerationChunk = { text: string; done: false } | { text: string; done: true; stats: GenerationStats };

export interface GenerateOptions {
  prompt: string;
  maxTokens: number;
  seed?: number;
  temperature?: number;
  signal?: AbortSignal;
}

export interface Endpoint {
  readonly id: string;
  readonly kind: EndpointKind;
  readonly url: string;
  /** Version, models and loaded models; rejects with an `EndpointError` saying why it is down. */
  probe(): Promise<ProbeResult>;
  /** Streams progress until success; aborting `signal` stops the download. */
  pull(source: PullSource, signal: AbortSignal): AsyncIterable<PullStatus>;
  delete(model: string): Promise<void>;
  /** Load into memory for `keepAlive` (Ollama's empty-prompt generate). */
  load(model: string, keepAlive: KeepAlive | undefined): Promise<GenerationStats | null>;
  unload(model: string): Promise<void>;
  generate(model: string, options: GenerateOptions): AsyncIterable<GenerationChunk>;
  /** Aborts anything in flight. */
  close(): void;
}
