/** Display helpers: sizes in binary units (what RAM is sold and reported in), short durations. */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatRate(tokensPerSecond: number | null | undefined): string {
  if (tokensPerSecond === null || tokensPerSecond === undefined) return "—";
  return `${tokensPerSecond >= 100 ? tokensPerSecond.toFixed(0) : tokensPerSecond.toFixed(1)} tok/s`;
}

/** `4m 05s`, `1h 02m`, `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function formatLatency(ms: number | null): string {
  return ms === null ? "—" : `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/**
 * Demo models made by `ragents make-model` have random weights: they run, but their output is
 * gibberish. The core flags them; the name check catches ones pulled from elsewhere.
 */
export function isRandomWeights(model: { name: string; randomWeights?: boolean }): boolean {
  return model.randomWeights === true || /random/i.test(model.name);
}
