/**
 * What the tray menu says, as plain lines: endpoints up/down, loaded models, RAM used of budget,
 * tok/s. Kept free of electron so it can be tested; tray.ts turns it into a native menu.
 */
import type { FleetSnapshot, SystemSnapshot } from "../../shared/contract/index.js";

export interface TraySummary {
  tooltip: string;
  endpoints: string[];
  loaded: string[];
  memory: string;
  throughput: string;
}

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GB`;

export function summarizeForTray(fleet: FleetSnapshot | null, system: SystemSnapshot | null): TraySummary {
  const endpoints = (fleet?.endpoints ?? []).map((e) => {
    if (e.status === "up") return `● ${e.name}: up${e.latencyMs === null ? "" : ` (${Math.round(e.latencyMs)} ms)`}`;
    return `○ ${e.name}: ${e.status}${e.reason ? ` (${e.reason})` : ""}`;
  });
  const loaded = (fleet?.endpoints ?? []).flatMap((e) => e.loaded.map((m) => `${m.name} on ${e.name}: ${gib(m.sizeBytes)}`));
  const memory = system
    ? `RAM: models ${gib(system.budget.usedByModelsBytes)} of ${gib(system.budget.budgetBytes)} budget · system ${gib(system.memory.usedBytes)} of ${gib(system.memory.totalBytes)}`
    : "RAM: measuring…";
  const rates = (fleet?.endpoints ?? []).flatMap((e) => e.throughput.map((t) => t.tokensPerSecond).filter((r): r is number => r !== null));
  const throughput = rates.length === 0 ? "Generation: no measurements yet" : `Generation: best ${Math.max(...rates).toFixed(1)} tok/s`;
  const up = (fleet?.endpoints ?? []).filter((e) => e.status === "up").length;
  const tooltip = `rAgents: ${up}/${fleet?.endpoints.length ?? 0} endpoints up, ${loaded.length} loaded`;
  return { tooltip, endpoints: endpoints.length ? endpoints : ["No endpoints"], loaded: loaded.length ? loaded : ["No models loaded"], memory, throughput };
}
