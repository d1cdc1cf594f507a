/**
 * The built-in engine in Ollama's terms: list/show/ps/delete/copy models, complete (generate and
 * chat), embed. The HTTP layer only translates; everything a request can do happens here.
 */
import { getLlama, LlamaLogLevel, type Llama, type LlamaGrammar, type LlamaModel, type Token } from "node-llama-cpp";
import { badRequest, EngineError, notFound } from "./engine-error.js";
import { assertSupportedSchema } from "./json-schema-check.js";
import { generate, type GenerationResult, type Sampling } from "./generation.js";
import type { GgufSummary } from "./gguf/gguf-inspect.js";
import { ModelCatalog, type CatalogEntry } from "./model-catalog.js";
import { ModelRuntime } from "./model-runtime.js";
import { chatPromptTokens, rawPromptTokens, type ChatMessage } from "./prompt.js";
import type { ModelOptions } from "./http/ollama-requests.js";

export interface EngineOptions {
  modelsDir: string;
  ollamaModelsDir: string | null;
  parallel: number;
  ramBudgetBytes: number;
  maxQueue: number;
  defaultKeepAliveMs: number;
  defaultNumCtx: number;
  threads?: number;
  gpu: "auto" | false;
  log: (line: string) => void;
}

export type CompletionInput =
  | { kind: "chat"; messages: ChatMessage[] }
  | { kind: "generate"; prompt: string; system?: string; raw: boolean; context?: number[] };

export interface CompletionJob {
  model: string;
  input: CompletionInput;
  options: ModelOptions;
  format: string | Record<string, unknown> | undefined;
  keepAliveMs: number;
  signal: AbortSignal;
  onText: (text: string) => void;
}

export interface CompletionOutcome {
  entry: CatalogEntry;
  /** "load"/"unload" for the empty-prompt requests that only (un)load a model. */
  doneReason: "stop" | "length" | "load" | "unload";
  result: GenerationResult | undefined;
  loadDurationNs: number;
  totalDurationNs: number;
}

export interface PsModel {
  entry: CatalogEntry;
  summary: GgufSummary;
  sizeBytes: number;
  sizeVramBytes: number;
  expiresAt: number | null;
  contextLength: number;
  active: number;
}

const DEFAULT_SAMPLING: Sampling = {
  temperature: 0.8, topK: 40, topP: 0.9, minP: 0, seed: undefined,
  repeatPenalty: 1.1, repeatLastN: 64, presencePenalty: 0, frequencyPenalty: 0,
};

/** Ollama's "forever" in `expires_at`, for models kept with a negative keep_alive. */
export const FOREVER = Date.UTC(2318, 0, 1);

export class Engine {
  readonly catalog: ModelCatalog;
  readonly runtime: ModelRuntime;
  private grammars = new Map<string, Promise<LlamaGrammar>>();
  private vocabularies = new Map<string, Promise<LlamaModel>>();
  private closing = false;

  private constructor(readonly llama: Llama, readonly options: EngineOptions) {
    this.catalog = new ModelCatalog(options.modelsDir, options.ollamaModelsDir);
    this.runtime = new ModelRuntime(llama, {
      parallel: options.parallel, ramBudgetBytes: options.ramBudgetBytes, maxQueue: options.maxQueue,
      ...(options.threads ? { threads: options.threads } : {}), log: options.log,
    });
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const llama = await getLlama({
      gpu: options.gpu,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => { if (level === LlamaLogLevel.error || level === LlamaLogLevel.warn) options.log(`llama.cpp: ${message.trim()}`); },
      ...(options.threads ? { maxThreads: options.threads } : {}),
    });
    const engine = new Engine(llama, options);
    engine.hashInBackground();
    return engine;
  }

  /**
   * Hashes the models folder once at start, one file at a time, so the first `/api/tags` does not
   * spend seconds per multi-GB file while a client waits (digests are then cached on disk).
   */
  private hashInBackground(): void {
    void (async () => {
      for (const entry of await this.catalog.list()) {
        if (this.closing) return;
        await this.catalog.digest(entry).catch(() => undefined);
      }
    })().catch((error: Error) => this.options.log(`hashing models: ${error.message}`));
  }

  ps(): PsModel[] {
    return [...this.runtime.loaded.values()].map((m) => ({
      entry: m.entry, summary: m.summary, sizeBytes: m.sizeBytes, sizeVramBytes: m.sizeVramBytes,
      expiresAt: m.expiresAt ?? FOREVER, contextLength: m.numCtx, active: m.active,
    }));
  }

  async remove(name: string): Promise<void> {
    const entry = await this.catalog.find(name);
    await this.runtime.unload(entry.name);
    await this.catalog.remove(name);
  }

  async complete(job: CompletionJob): Promise<CompletionOutcome> {
    const started = process.hrtime.bigint();
    const entry = await this.findForInference(job.model);
    const summary = await this.catalog.summary(entry);
    const numCtx = job.options.num_ctx ?? this.options.defaultNumCtx;
    const elapsed = () => Number(process.hrtime.bigint() - started);

    const empty = job.input.kind === "chat" ? job.input.messages.length === 0 : job.input.prompt === "" && !job.input.system;
    if (empty && job.keepAliveMs === 0) {
      await this.runtime.unload(entry.name);
      return { entry, doneReason: "unload", result: undefined, loadDurationNs: 0, totalDurationNs: elapsed() };
    }
    const grammar = job.format ? await this.grammarFor(job.format) : undefined;
    // Tokenize with the vocabulary alone, before any slot or load: a prompt that cannot fit is
    // refused without touching what is in memory, and the tokens pick the best-cached slot.
    const tokens = empty ? [] : this.promptTokens(await this.vocabulary(entry), job.input);
    if (tokens.length >= numCtx) {
      throw badRequest(`input length (${tokens.length} tokens) exceeds the context length (${numCtx} tokens); shorten the prompt or raise num_ctx`);
    }
    const lease = await this.runtime.acquire(entry, summary, numCtx, { signal: job.signal, preferTokens: tokens });
    try {
      if (empty) {
        // A load request is a promise of a fast first answer: prepare the tokenizer and chat
        // template now (resolving a Jinja template costs a second or more the first time).
        this.promptTokens(await this.vocabulary(entry), { kind: "chat", messages: [{ role: "user", content: "" }] });
        return { entry, doneReason: "load", result: undefined, loadDurationNs: lease.loadDurationNs, totalDurationNs: elapsed() };
      }
      const result = await generate(lease.sequence, lease.loaded.model, {
        tokens,
        sampling: samplingFrom(job.options),
        numPredict: job.options.num_predict === -2 ? -1 : job.options.num_predict ?? -1,
        stop: typeof job.options.stop === "string" ? (job.options.stop ? [job.options.stop] : []) : job.options.stop ?? [],
        grammar,
        signal: job.signal,
        onText: job.onText,
      });
      return { entry, doneReason: result.doneReason, result, loadDurationNs: lease.loadDurationNs, totalDurationNs: elapsed() };
    } finally {
      this.runtime.release(lease, job.keepAliveMs);
    }
  }

  async embed(model: string, inputs: string[], opts: { truncate: boolean; options: ModelOptions; keepAliveMs: number; signal: AbortSignal; dimensions?: number }): Promise<{ model: string; embeddings: number[][]; promptEvalCount: number; loadDurationNs: number; totalDurationNs: number }> {
    const started = process.hrtime.bigint();
    const entry = await this.findForInference(model);
    const summary = await this.catalog.summary(entry);
    const numCtx = opts.options.num_ctx ?? this.options.defaultNumCtx;
    const lease = await this.runtime.acquire(entry, summary, numCtx, { signal: opts.signal });
    try {
      const context = await this.runtime.embeddingContext(lease.loaded);
      const embeddings: number[][] = [];
      let promptEvalCount = 0;
      for (const input of inputs) {
        let tokens = lease.loaded.model.tokenize(input);
        if (tokens.length > numCtx) {
          if (!opts.truncate) throw badRequest(`input length (${tokens.length} tokens) exceeds the context length (${numCtx} tokens)`);
          tokens = tokens.slice(0, numCtx);
        }
        if (tokens.length === 0) tokens = lease.loaded.model.tokenize(" ");
        promptEvalCount += tokens.length;
        const { vector } = await context.getEmbeddingFor(tokens);
        let values = [...vector];
        if (opts.dimensions && opts.dimensions < values.length) values = values.slice(0, opts.dimensions);
        embeddings.push(normalize(values));
      }
      return { model: entry.name, embeddings, promptEvalCount, loadDurationNs: lease.loadDurationNs, totalDurationNs: Number(process.hrtime.bigint() - started) };
    } finally {
      this.runtime.release(lease, opts.keepAliveMs);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.runtime.close();
    for (const model of this.vocabularies.values()) await model.then((m) => m.dispose(), () => undefined);
    await this.llama.dispose();
  }

  private async findForInference(model: string): Promise<CatalogEntry> {
    try {
      return await this.catalog.find(model);
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) throw notFound(`model '${model}' not found, try pulling it first`);
      throw error;
    }
  }

  /** A vocabulary-only load of the model (no weights): cheap, and cached per file. */
  private vocabulary(entry: CatalogEntry): Promise<LlamaModel> {
    let model = this.vocabularies.get(entry.path);
    if (!model) {
      model = this.llama.loadModel({ modelPath: entry.path, vocabOnly: true });
      model.catch(() => this.vocabularies.delete(entry.path));
      if (this.vocabularies.size >= 16) {
        const [oldest, first] = this.vocabularies.entries().next().value!;
        this.vocabularies.delete(oldest);
        void first.then((m) => m.dispose(), () => undefined);
      }
      this.vocabularies.set(entry.path, model);
    }
    return model;
  }

  private promptTokens(model: LlamaModel, input: CompletionInput): Token[] {
    if (input.kind === "chat") return chatPromptTokens(model, input.messages);
    if (input.raw) return rawPromptTokens(model, input.prompt, input.context);
    const messages: ChatMessage[] = [];
    if (input.system) messages.push({ role: "system", content: input.system });
    messages.push({ role: "user", content: input.prompt });
    const tokens = chatPromptTokens(model, messages);
    return input.context?.length ? [...(input.context as Token[]), ...tokens] : tokens;
  }

  /** llama.cpp grammars make every sampled token keep the output valid JSON (of the schema). */
  private grammarFor(format: string | Record<string, unknown>): Promise<LlamaGrammar> {
    const key = typeof format === "string" ? format : JSON.stringify(format);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      if (typeof format !== "string") assertSupportedSchema(format);
      else if (format !== "json") throw badRequest(`invalid format '${format}': use "json" or a JSON schema`);
      grammar = (format === "json"
        ? this.llama.getGrammarFor("json")
        : Promise.resolve().then(() => this.llama.createGrammarForJsonSchema(format as never))
      ).catch((error: Error) => {
        this.grammars.delete(key);
        throw badRequest(`invalid format: ${error.message}`);
      });
      if (this.grammars.size > 64) this.grammars.delete(this.grammars.keys().next().value!);
      this.grammars.set(key, grammar);
    }
    return grammar;
  }
}

function samplingFrom(o: ModelOptions): Sampling {
  return {
    temperature: o.temperature ?? DEFAULT_SAMPLING.temperature,
    topK: o.top_k ?? DEFAULT_SAMPLING.topK,
    topP: o.top_p ?? DEFAULT_SAMPLING.topP,
    minP: o.min_p ?? DEFAULT_SAMPLING.minP,
    seed: o.seed === undefined || o.seed < 0 ? undefined : o.seed,
    repeatPenalty: o.repeat_penalty ?? DEFAULT_SAMPLING.repeatPenalty,
    repeatLastN: o.repeat_last_n ?? DEFAULT_SAMPLING.repeatLastN,
    presencePenalty: o.presence_penalty ?? 0,
    frequencyPenalty: o.frequency_penalty ?? 0,
  };
}

function normalize(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm > 0 ? v.map((x) => x / norm) : v;
}
