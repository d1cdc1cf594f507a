/**
 * How much memory models may use. The default follows Apple's GPU working-set limit, the
 * tightest real constraint on the reference machine: about 2/3 of RAM up to 36 GB (a 16 GB Mac
 * gets ≈10.7 GB), 3/4 above. The same share on Linux leaves the OS and the apps room to breathe.
 */
import type { Budget, EndpointState, LoadCheck } from "../../../shared/contract/index.js";

const GiB = 1024 ** 3;

export function defaultBudgetBytes(totalBytes: number): number {
  return Math.floor(totalBytes <= 36 * GiB ? (totalBytes * 2) / 3 : (totalBytes * 3) / 4);
}

/** Only servers on this machine spend this machine's RAM; remote hosts have their own. */
export function isOnThisMachine(endpoint: Pick<EndpointState, "kind">): boolean {
  return endpoint.kind === "ollama-local" || endpoint.kind === "builtin-engine";
}

export function computeBudget(totalBytes: number, configured: number | null, endpoints: EndpointState[]): Budget {
  const budgetBytes = configured ?? defaultBudgetBytes(totalBytes);
  const usedByModelsBytes = endpoints
    .filter(isOnThisMachine)
    .reduce((sum, e) => sum + e.loaded.reduce((s, m) => s + m.sizeBytes, 0), 0);
  return {
    budgetBytes,
    source: configured === null ? "default" : "settings",
    usedByModelsBytes,
    remainingBytes: Math.max(0, budgetBytes - usedByModelsBytes),
  };
}

/**
 * A loaded model takes more than its file: the KV cache and compute buffers. 20% over the file
 * size matches what Ollama's `/api/ps` reports for common models at default context sizes.
 */
export const LOAD_OVERHEAD = 1.2;

const formatGb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e9 ? 2 : 1)} GB`;

/** `residentBytes`: the size the model had when last loaded here, if it ever was (better than a guess). */
export function checkLoad(budget: Budget, endpoint: EndpointState, model: string, residentBytes?: number): LoadCheck {
  const base = { budgetBytes: budget.budgetBytes, usedByModelsBytes: budget.usedByModelsBytes };
  // Already resident, or on another machine: loading costs this machine nothing more.
  if (endpoint.loaded.some((m) => m.name === model) || !isOnThisMachine(endpoint)) {
    return { ...base, fits: true, requiredBytes: 0, warning: null };
  }
  const installed = endpoint.installed.find((m) => m.name === model);
  const requiredBytes = residentBytes ?? Math.round((installed?.sizeBytes ?? 0) * LOAD_OVERHEAD);
  const fits = budget.usedByModelsBytes + requiredBytes <= budget.budgetBytes;
  const warning = fits
    ? null
    : `${model} needs about ${formatGb(requiredBytes)} but only ${formatGb(budget.remainingBytes)} of the ` +
      `${formatGb(budget.budgetBytes)} model budget is free; unload a model first or raise the budget`;
  return { ...base, fits, requiredBytes, warning };
}
