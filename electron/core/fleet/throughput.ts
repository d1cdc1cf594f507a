/**
 * Rolling tokens/sec per model and endpoint, from the counters Ollama puts in every final chunk
 * (`eval_count / eval_duration` for generation, `prompt_eval_*` for the prompt). Only responses
 * the core itself sees count (benchmarks, loads, and later tasks).
 */
import type { Throughput } from "../../../shared/contract/index.js";
import type { GenerationStats } from "../endpoints/endpoint.js";

/** Samples kept for sparklines; the mean is over the last `WINDOW`. */
const KEPT = 30;
const WINDOW = 10;

interface Series {
  generation: number[];
  prompt: number[];
  samples: number;
  updatedAt: string;
}

const rate = (count: number, durationNs: number) => (count > 0 && durationNs > 0 ? (count * 1e9) / durationNs : null);
const mean = (values: number[]) => {
  const recent = values.slice(-WINDOW);
  return recent.length === 0 ? null : Math.round((recent.reduce((a, b) => a + b, 0) / recent.length) * 10) / 10;
};

export class ThroughputTracker {
  private readonly series = new Map<string, Map<string, Series>>();

  /** Records one response; returns the updated throughput, or null if it carried no usable counters. */
  record(endpointId: string, model: string, stats: GenerationStats, now = new Date()): Throughput | null {
    const generation = rate(stats.evalCount, stats.evalDurationNs);
    const prompt = rate(stats.promptEvalCount, stats.promptEvalDurationNs);
    if (generation === null && prompt === null) return null;
    let byModel = this.series.get(endpointId);
    if (!byModel) this.series.set(endpointId, (byModel = new Map()));
    let s = byModel.get(model);
    if (!s) byModel.set(model, (s = { generation: [], prompt: [], samples: 0, updatedAt: now.toISOString() }));
    if (generation !== null) s.generation = [...s.generation, generation].slice(-KEPT);
    if (prompt !== null) s.prompt = [...s.prompt, prompt].slice(-KEPT);
    s.samples += 1;
    s.updatedAt = now.toISOString();
    return this.view(model, s);
  }

  forEndpoint(endpointId: string): Throughput[] {
    return [...(this.series.get(endpointId) ?? new Map<string, Series>()).entries()].map(([model, s]) => this.view(model, s));
  }

  forget(endpointId: string): void {
    this.series.delete(endpointId);
  }

  private view(model: string, s: Series): Throughput {
    return {
      model,
      tokensPerSecond: mean(s.generation),
      promptTokensPerSecond: mean(s.prompt),
      recent: s.generation.map((v) => Math.round(v * 10) / 10),
      samples: s.samples,
      updatedAt: s.updatedAt,
    };
  }
}
