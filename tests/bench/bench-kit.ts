/** What every benchmark reports: one row per figure, with its target when the issue sets one. */
export interface BenchRow {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  /** e.g. ">= 0.97" or "<= 0.5"; rows without a target are informational. */
  target?: string;
  detail?: string;
}

export interface Bench {
  name: string;
  run: (log: (line: string) => void) => Promise<BenchRow[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function meetsTarget(row: BenchRow): boolean | undefined {
  if (!row.target) return undefined;
  const m = /^(>=|<=)\s*([\d.]+)/.exec(row.target);
  if (!m) return undefined;
  return m[1] === ">=" ? row.value >= Number(m[2]) : row.value <= Number(m[2]);
}
