/**
 * Built-in engine benchmarks (issue #2):
 * - overhead: tok/s through the engine's HTTP API vs node-llama-cpp in this process, same model,
 *   prompt, grammar and greedy sampling, interleaved round by round (target ratio >= 0.97, small);
 * - parallel throughput: aggregate tok/s with 1, 2 and 4 concurrent streams on one model;
 * - time to first token on a loaded model, and cold load time, for tiny and small.
 */
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getLlama, LlamaGrammarEvaluationState, type Token } from "node-llama-cpp";
import { Ollama } from "ollama";
import { EngineSupervisor } from "../../electron/core/engine-supervisor.js";
import { makeRandomModel, type PresetName } from "../../electron/engine/gguf/random-model.js";
import { median, type Bench, type BenchRow } from "./bench-kit.js";

const THREADS = 1; // the engine's default on this 2-core machine (cores - 1); both sides use it
const TOKENS = 512;
const ROUNDS = 9;
/** Forces exactly TOKENS tokens on both sides: a random model would otherwise stop at a random EOS. */
const FORMAT = { type: "array", items: { enum: ["x"] }, minItems: 300 };

async function startEngine(modelsDir: string, parallel: number): Promise<{ supervisor: EngineSupervisor; ollama: Ollama }> {
  const supervisor = new EngineSupervisor({ modelsDir, parallel, extraArgs: ["--ollama-models", "none", "--threads", String(THREADS)] });
  const url = await supervisor.start();
  return { supervisor, ollama: new Ollama({ host: url }) };
}

async function overhead(modelsDir: string, log: (l: string) => void): Promise<BenchRow[]> {
  const { supervisor, ollama } = await startEngine(modelsDir, 1);
  const llama = await getLlama({ gpu: false, maxThreads: THREADS });
  const model = await llama.loadModel({ modelPath: join(modelsDir, "small.gguf") });
  const context = await model.createContext({ contextSize: 2048, sequences: 1, threads: THREADS });
  const sequence = context.getSequence();
  const grammar = await llama.createGrammarForJsonSchema(FORMAT as never);

  const viaHttp = async (prompt: string) => {
    const started = performance.now();
    const res = await ollama.generate({
      model: "small", prompt, raw: true, stream: false, format: FORMAT, keep_alive: -1,
      options: { num_predict: TOKENS, temperature: 0, repeat_penalty: 1, num_ctx: 2048 },
    });
    const ms = performance.now() - started;
    if (res.eval_count !== TOKENS) throw new Error(`engine produced ${res.eval_count} tokens`);
    return TOKENS / (ms / 1000);
  };
  const inProcess = async (prompt: string) => {
    const started = performance.now();
    await sequence.clearHistory();
    const tokens: Token[] = [model.tokens.bos!, ...model.tokenize(prompt, true)];
    if (tokens.length > 1) await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, -1));
    const state = new LlamaGrammarEvaluationState({ model, grammar });
    let n = 0;
    for await (const _ of sequence.evaluate(tokens.slice(-1), { temperature: 0, grammarEvaluationState: state })) {
      if (++n >= TOKENS) break;
    }
    const ms = performance.now() - started;
    if (n !== TOKENS) throw new Error(`in-process run produced ${n} tokens`);
    return TOKENS / (ms / 1000);
  };

  await viaHttp("warm up the engine");
  await inProcess("warm up in process");
  const http: number[] = [];
  const local: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const prompt = `Round ${round}: once upon a time`;
    // Alternate who goes first so drift in machine load hits both sides alike.
    if (round % 2 === 0) { http.push(await viaHttp(prompt)); local.push(await inProcess(prompt)); }
    else { local.push(await inProcess(prompt)); http.push(await viaHttp(prompt)); }
    log(`round ${round}: http ${http.at(-1)!.toFixed(1)} tok/s, in-process ${local.at(-1)!.toFixed(1)} tok/s`);
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  await supervisor.stop();
  // Each round's pair ran back to back, so its ratio cancels slow drift in machine load.
  const ratio = median(http.map((h, i) => h / local[i]!));
  return [
    { bench: "engine", figure: "small: tok/s via HTTP (median)", value: median(http), unit: "tok/s" },
    { bench: "engine", figure: "small: tok/s in-process (median)", value: median(local), unit: "tok/s" },
    { bench: "engine", figure: "small: overhead ratio HTTP / in-process (median of paired rounds)", value: ratio, unit: "x", target: ">= 0.97", detail: `median of ${ROUNDS} interleaved pairs of ${TOKENS} tokens` },
    { bench: "engine", figure: "small: overhead ratio HTTP / in-process (ratio of medians)", value: median(http) / median(local), unit: "x", target: ">= 0.97" },
  ];
}

async function parallelThroughput(modelsDir: string, log: (l: string) => void): Promise<BenchRow[]> {
  const { supervisor, ollama } = await startEngine(modelsDir, 4);
  const rows: BenchRow[] = [];
  const one = (i: number) => ollama.generate({
    model: "small", prompt: `stream ${i}`, raw: true, stream: false, format: FORMAT, keep_alive: -1,
    options: { num_predict: 128, temperature: 0, num_ctx: 1024 },
  });
  await one(-1);
  for (const streams of [1, 2, 4]) {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: streams }, (_, i) => one(i)));
    const seconds = (performance.now() - started) / 1000;
    const tokens = results.reduce((s, r) => s + (r.eval_count ?? 0), 0);
    log(`${streams} streams: ${tokens} tokens in ${seconds.toFixed(2)} s`);
    rows.push({ bench: "engine", figure: `small: aggregate tok/s, ${streams} concurrent stream${streams > 1 ? "s" : ""}`, value: tokens / seconds, unit: "tok/s" });
  }
  await supervisor.stop();
  return rows;
}

async function latency(modelsDir: string, preset: PresetName, log: (l: string) => void): Promise<BenchRow[]> {
  const { supervisor, ollama } = await startEngine(modelsDir, 1);
  const loads: number[] = [];
  const ttft: number[] = [];
  for (let i = 0; i < 5; i++) {
    await ollama.generate({ model: preset, prompt: "", keep_alive: 0 }); // make sure it is cold
    const load = await ollama.generate({ model: preset, prompt: "", keep_alive: -1 });
    loads.push(load.load_duration! / 1e6);
    const started = performance.now();
    const stream = await ollama.generate({ model: preset, prompt: `first token ${i}`, stream: true, options: { num_predict: 4 } });
    for await (const _ of stream) { ttft.push(performance.now() - started); break; }
    stream.abort();
  }
  await supervisor.stop();
  log(`${preset}: load ${loads.map((x) => x.toFixed(0)).join(", ")} ms; ttft ${ttft.map((x) => x.toFixed(1)).join(", ")} ms`);
  return [
    { bench: "engine", figure: `${preset}: cold load time (median of 5)`, value: median(loads), unit: "ms" },
    { bench: "engine", figure: `${preset}: time to first token, loaded (median of 5)`, value: median(ttft), unit: "ms" },
  ];
}

const bench: Bench = {
  name: "engine",
  run: async (log) => {
    const modelsDir = join(tmpdir(), `ragents-bench-${process.pid}`);
    await mkdir(modelsDir, { recursive: true });
    try {
      await makeRandomModel({ out: join(modelsDir, "tiny.gguf"), preset: "tiny" });
      await makeRandomModel({ out: join(modelsDir, "small.gguf"), preset: "small" });
      return [
        ...await overhead(modelsDir, log),
        ...await parallelThroughput(modelsDir, log),
        ...await latency(modelsDir, "tiny", log),
        ...await latency(modelsDir, "small", log),
      ];
    } finally {
      await rm(modelsDir, { recursive: true, force: true });
    }
  },
};
export default bench;
