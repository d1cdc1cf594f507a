/**
 * What `createCore` takes. Only `dataDir` is required; the rest overrides saved settings for
 * this run (never written back), which is how tests point the core at an engine they started.
 */
import type { PollingSettings } from "../../shared/contract/index.js";

export interface CoreConfig {
  /** The user data folder: settings.json, the demo model (`models/`), later the SQLite store. */
  dataDir: string;
  /** Use this URL for the local Ollama instead of the saved one. */
  localOllamaUrl?: string;
  /** Start `ollama serve` / the built-in engine when nothing answers locally (default: saved setting, true). */
  autostartEmbedded?: boolean;
  /** Polling overrides (fast intervals in tests). */
  polling?: Partial<PollingSettings>;
  /** Deadline for loads and for gaps in streams (default 5 min: big models load slowly). */
  loadTimeoutMs?: number;
  /** Window for coalescing `fleet:changed` (default 250 ms). */
  fleetChangeWindowMs?: number;
  /** Throttle for `fleet:pull-progress` while a pull runs (default 250 ms). */
  pullProgressThrottleMs?: number;
  /** Run the system monitor (default true). */
  systemMonitor?: boolean;
  /** Extra `ragents engine` flags for the embedded engine (tests: `["--ollama-models", "none"]`). */
  engineArgs?: string[];
  /** Where to look for the `ollama` binary (default $PATH). */
  ollamaSearchPath?: string;
  /** Where core log lines go (default stderr). */
  log?: (line: string) => void;
}
