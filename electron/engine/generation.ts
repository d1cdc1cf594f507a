/**
 * One generation on one context sequence: reuse the cached prefix, evaluate the rest of the
 * prompt, then sample token by token until an end-of-generation token, a stop string,
 * num_predict, the context's end, or an abort. Timings are measured here, in nanoseconds, for
 * the final chunk's `prompt_eval_duration` and `eval_duration`.
 */
import { LlamaGrammarEvaluationState, type LlamaContextSequence, type LlamaGrammar, type LlamaModel, type Token } from "node-llama-cpp";
import { commonPrefix } from "./model-runtime.js";

export interface Sampling {
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  seed: number | undefined;
  repeatPenalty: number;
  repeatLastN: number;
  presencePenalty: number;
  frequencyPenalty: number;
}

export interface GenerationRequest {
  tokens: Token[];
  sampling: Sampling;
  /** -1: until the context is full or the model stops */
  numPredict: number;
  stop: string[];
  grammar: LlamaGrammar | undefined;
  signal: AbortSignal;
  onText: (text: string) => void;
}

export interface GenerationResult {
  text: string;
  doneReason: "stop" | "length";
  aborted: boolean;
  promptEvalCount: number;
  promptEvalDurationNs: number;
  evalCount: number;
  evalDurationNs: number;
  /** Prompt and generated tokens, for `/api/generate`'s `context`. */
  contextTokens: Token[];
}

/**
 * Emits text as it becomes final: holds back bytes of a multi-byte character split across
 * tokens, and any tail that could still become a stop string.
 */
class TextEmitter {
  private pendingTokens: Token[] = [];
  private held = "";
  text = "";
  stopped = false;

  constructor(private readonly model: LlamaModel, private readonly stop: string[], private readonly onText: (t: string) => void) {}

  push(token: Token): void {
    this.pendingTokens.push(token);
    const decoded = this.model.detokenize(this.pendingTokens, false);
    if (decoded.endsWith("\uFFFD") && this.pendingTokens.length < 4) return; // wait for the rest of the character
    this.pendingTokens = [];
    this.append(decoded);
  }

  private append(piece: string): void {
    const combined = this.held + piece;
    for (const s of this.stop) {
      const at = combined.indexOf(s);
      if (at >= 0) {
        this.emit(combined.slice(0, at));
        this.held = "";
        this.stopped = true;
        return;
      }
    }
    let keep = 0;
    for (const s of this.stop) {
      for (let n = Math.min(s.length - 1, combined.length); n > keep; n--) {
        if (combined.endsWith(s.slice(0, n))) { keep = n; break; }
      }
    }
    this.emit(combined.slice(0, combined.length - keep));
    this.held = combined.slice(combined.length - keep);
  }

  flush(): void {
    if (this.pendingTokens.length) this.append(this.model.detokenize(this.pendingTokens, false));
    this.pendingTokens = [];
    if (!this.stopped && this.held) this.emit(this.held);
    this.held = "";
  }

  private emit(piece: string): void {
    if (!piece) return;
    this.text += piece;
    this.onText(piece);
  }
}

const now = () => process.hrtime.bigint();

export async function generate(sequence: LlamaContextSequence, model: LlamaModel, request: GenerationRequest): Promise<GenerationResult> {
  const { tokens, sampling } = request;
  // Keep the cached prefix (multi-turn chats resend the whole history), but always evaluate at
  // least the last prompt token: its logits choose the first new token.
  const cached = Math.min(commonPrefix(sequence.contextTokens, tokens), tokens.length - 1);
  if (sequence.nextTokenIndex > cached) {
    await sequence.eraseContextTokenRanges([{ start: cached, end: sequence.nextTokenIndex }]);
  }
  const fresh = tokens.slice(cached);
  const emitter = new TextEmitter(model, request.stop, request.onText);
  const generated: Token[] = [];
  const promptStart = now();
  if (fresh.length > 1) await sequence.evaluateWithoutGeneratingNewTokens(fresh.slice(0, -1));
  const evalStart = now();
  const promptEvalDurationNs = Number(evalStart - promptStart);

  const grammarEvaluationState = request.grammar ? new LlamaGrammarEvaluationState({ model, grammar: request.grammar }) : undefined;
  const limit = request.numPredict >= 0 ? request.numPredict : Number.POSITIVE_INFINITY;
  let doneReason: "stop" | "length" = "stop";
  let aborted = false;

  if (limit === 0) doneReason = "length";
  else {
    const iterator = sequence.evaluate(fresh.slice(-1), {
      temperature: sampling.temperature,
      topK: sampling.topK,
      topP: sampling.topP,
      minP: sampling.minP,
      ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}),
      ...(grammarEvaluationState ? { grammarEvaluationState } : {}),
      repeatPenalty: sampling.repeatPenalty === 1 && !sampling.presencePenalty && !sampling.frequencyPenalty ? undefined : {
        punishTokens: () => (sampling.repeatLastN === 0 ? [] : [...tokens, ...generated].slice(-(sampling.repeatLastN < 0 ? sequence.contextSize : sampling.repeatLastN))),
        maxPunishTokens: sampling.repeatLastN < 0 ? sequence.contextSize : Math.max(sampling.repeatLastN, 1),
        penalty: sampling.repeatPenalty,
        presencePenalty: sampling.presencePenalty,
        frequencyPenalty: sampling.frequencyPenalty,
      },
    });
    try {
      for await (const token of iterator) {
        generated.push(token);
        emitter.push(token);
        if (emitter.stopped) break;
        if (request.signal.aborted) { aborted = true; break; }
        // The context's end is a hard stop ("length") rather than a silent shift of its start.
        if (generated.length >= limit || tokens.length + generated.length >= sequence.contextSize) { doneReason = "length"; break; }
      }
    } finally {
      await iterator.return(undefined);
    }
  }
  const evalDurationNs = Number(now() - evalStart);
  emitter.flush();
  return {
    text: emitter.text,
    doneReason,
    aborted,
    promptEvalCount: fresh.length,
    promptEvalDurationNs,
    evalCount: generated.length,
    evalDurationNs,
    contextTokens: [...tokens, ...generated],
  };
}
