/**
 * Deterministic random-weight llama models: the models tests and the demo run on, since no
 * weights can be downloaded. Same preset + seed → byte-identical file (and so the same digest).
 * Their output is gibberish; the `ragents.random_weights` key and the `random-weights` tag let the
 * engine and the UI say so.
 */
import { writeGguf, type GgufTensor, type GgufValue } from "./gguf-writer.js";

export interface ModelPreset {
  embedding: number;
  layers: number;
  heads: number;
  kvHeads: number;
  feedForward: number;
  contextLength: number;
}

export const MODEL_PRESETS = {
  /** ≈0.5 MB: loads in tens of ms; the default for tests. */
  tiny: { embedding: 64, layers: 2, heads: 4, kvHeads: 4, feedForward: 256, contextLength: 4096 },
  /** ≈100 MB: large enough that the engine's per-token overhead is measurable against compute. */
  small: { embedding: 512, layers: 8, heads: 8, kvHeads: 8, feedForward: 1408, contextLength: 4096 },
  /** ≈340 MB: for RAM-budget and eviction demos. */
  medium: { embedding: 768, layers: 12, heads: 12, kvHeads: 12, feedForward: 2048, contextLength: 4096 },
} satisfies Record<string, ModelPreset>;

export type PresetName = keyof typeof MODEL_PRESETS;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(MODEL_PRESETS, name);
}

/** ChatML, the template Ollama shows for Qwen-style models; node-llama-cpp recognises it. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** llama.cpp token types (llama_token_type). */
const TOKEN_NORMAL = 1, TOKEN_UNKNOWN = 2, TOKEN_CONTROL = 3, TOKEN_BYTE = 6;

interface Vocab { tokens: string[]; scores: number[]; types: number[] }

/**
 * A SentencePiece-style vocabulary: control tokens, 256 byte-fallback tokens (so any text can be
 * tokenized) and the printable ASCII characters as ordinary pieces.
 */
export function buildVocab(): Vocab {
  const tokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"];
  const types = [TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_CONTROL, TOKEN_CONTROL, TOKEN_CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(TOKEN_BYTE);
  }
  tokens.push("\u2581"); // SentencePiece's word-boundary mark, i.e. a space
  types.push(TOKEN_NORMAL);
  for (let c = 0x21; c <= 0x7e; c++) {
    tokens.push(String.fromCharCode(c));
    types.push(TOKEN_NORMAL);
  }
  const scores = tokens.map((_, i) => -i);
  return { tokens, scores, types };
}

/** mulberry32: tiny, fast and seedable, which is all random weights need. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashName(name: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Uniform values with the given standard deviation, seeded by tensor name so order never matters. */
function randomTensor(name: string, dims: number[], std: number, seed: number): GgufTensor {
  return {
    name, dims,
    fill: (out) => {
      const next = prng(hashName(name, seed));
      const a = std * Math.sqrt(3);
      for (let i = 0; i < out.length; i++) out[i] = (next() * 2 - 1) * a;
    },
  };
}

const ones = (name: string, n: number): GgufTensor => ({ name, dims: [n], fill: (out) => out.fill(1) });

export interface MakeModelOptions {
  out: string;
  preset?: PresetName;
  seed?: number;
  name?: string;
}

export interface MadeModel { path: string; bytes: number; preset: PresetName; seed: number }

export async function makeRandomModel(options: MakeModelOptions): Promise<MadeModel> {
  const preset = options.preset ?? "tiny";
  const seed = options.seed ?? 1;
  const p: ModelPreset = MODEL_PRESETS[preset];
  const vocab = buildVocab();
  const headDim = p.embedding / p.heads;
  const kvDim = headDim * p.kvHeads;
  const u32 = (value: number): GgufValue => ({ type: "u32", value });

  const metadata: Record<string, GgufValue> = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: options.name ?? `${preset}-random` },
    "general.description": { type: "string", value: "Random weights made by `ragents make-model`: output is gibberish." },
    "general.tags": { type: "string[]", value: ["random-weights"] },
    "general.file_type": u32(0),
    "ragents.random_weights": { type: "bool", value: true },
    "ragents.preset": { type: "string", value: preset },
    "ragents.seed": u32(seed),
    "llama.context_length": u32(p.contextLength),
    "llama.embedding_length": u32(p.embedding),
    "llama.block_count": u32(p.layers),
    "llama.feed_forward_length": u32(p.feedForward),
    "llama.attention.head_count": u32(p.heads),
    "llama.attention.head_count_kv": u32(p.kvHeads),
    "llama.rope.dimension_count": u32(headDim),
    "llama.rope.freq_base": { type: "f32", value: 10000 },
    "llama.attention.layer_norm_rms_epsilon": { type: "f32", value: 1e-5 },
    "llama.vocab_size": u32(vocab.tokens.length),
    // Mean pooling, so /api/embed returns the mean of the token embeddings as Ollama's docs describe.
    "llama.pooling_type": u32(1),
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "string[]", value: vocab.tokens },
    "tokenizer.ggml.scores": { type: "f32[]", value: vocab.scores },
    "tokenizer.ggml.token_type": { type: "i32[]", value: vocab.types },
    "tokenizer.ggml.unknown_token_id": u32(0),
    "tokenizer.ggml.bos_token_id": u32(1),
    "tokenizer.ggml.eos_token_id": u32(2),
    "tokenizer.ggml.eot_token_id": u32(4),
    "tokenizer.ggml.add_bos_token": { type: "bool", value: true },
    "tokenizer.ggml.add_eos_token": { type: "bool", value: false },
    "tokenizer.chat_template": { type: "string", value: CHATML_TEMPLATE },
  };

  const n = p.embedding;
  const tensors: GgufTensor[] = [
    randomTensor("token_embd.weight", [n, vocab.tokens.length], 1, seed),
  ];
  for (let l = 0; l < p.layers; l++) {
    const b = `blk.${l}`;
    tensors.push(
      ones(`${b}.attn_norm.weight`, n),
      randomTensor(`${b}.attn_q.weight`, [n, n], 1 / Math.sqrt(n), seed),
      randomTensor(`${b}.attn_k.weight`, [n, kvDim], 1 / Math.sqrt(n), seed),
      randomTensor(`${b}.attn_v.weight`, [n, kvDim], 1 / Math.sqrt(n), seed),
      randomTensor(`${b}.attn_output.weight`, [n, n], 1 / Math.sqrt(n), seed),
      ones(`${b}.ffn_norm.weight`, n),
      randomTensor(`${b}.ffn_gate.weight`, [n, p.feedForward], 1 / Math.sqrt(n), seed),
      randomTensor(`${b}.ffn_up.weight`, [n, p.feedForward], 1 / Math.sqrt(n), seed),
      randomTensor(`${b}.ffn_down.weight`, [p.feedForward, n], 1 / Math.sqrt(p.feedForward), seed),
    );
  }
  tensors.push(
    ones("output_norm.weight", n),
    // Larger than 1/sqrt(n) so sampling is not uniform noise: some tokens are clearly preferred.
    randomTensor("output.weight", [n, vocab.tokens.length], 3 / Math.sqrt(n), seed),
  );
  const bytes = await writeGguf(options.out, metadata, tensors);
  return { path: options.out, bytes, preset, seed };
}
