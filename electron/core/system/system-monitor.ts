/**
 * Samples memory, CPU and the model servers' RSS on a timer, never inside a request:
 * `system:snapshot` returns the last sample. Memory comes from `systeminformation` (it knows each
 * OS's idea of "available"); CPU load is the change in `os.cpus()` times between samples, because
 * `si.currentLoad()` spawns a shell on Linux at every call, which alone cost the idle host ~1 % of
 * a core.
 */
import { readFile } from "node:fs/promises";
import { cpus, freemem, totalmem } from "node:os";
import si from "systeminformation";
import type { Budget, ModelServerProcess, SystemSnapshot } from "../../../shared/contract/index.js";

export interface SystemMonitorOptions {
  intervalMs: () => number;
  /** The budget depends on the fleet (loaded models), so it is asked for at each sample. */
  budget: (totalBytes: number) => Budget;
  /** Processes rAgents started (pid → endpoint id), e.g. the built-in engine. */
  knownProcesses: () => Map<number, string>;
  /** Scan the process table for `ollama` every Nth sample: listing processes costs more than the rest. */
  processScanEvery?: number;
  /** Whether an `ollama` process could be running at all; no scan (a `ps` child process) otherwise. */
  scanForOllama?: () => boolean;
  emit: (snapshot: SystemSnapshot) => void;
}

export class SystemMonitor {
  private latest: SystemSnapshot;
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;
  private ollamaPids = new Set<number>();
  private stopped = false;
  private sampling: Promise<void> | undefined;
  private readonly cpu = new CpuLoadMeter();
  /** Read once: `os.cpus()` parses /proc on every call, and the core count does not change. */
  private readonly cpuCores = cpus().length;

  constructor(private readonly options: SystemMonitorOptions) {
    // Until the first real sample: node's own numbers, instantly, so the UI never waits.
    const total = totalmem();
    this.latest = {
      memory: { totalBytes: total, usedBytes: total - freemem(), availableBytes: freemem(), swapTotalBytes: 0, swapUsedBytes: 0 },
      cpuLoadPercent: null,
      cpuCores: this.cpuCores,
      processes: [],
      budget: options.budget(total),
      sampledAt: new Date().toISOString(),
    };
  }

  get snapshot(): SystemSnapshot {
    // The budget follows the fleet between samples (a load should show at once).
    return { ...this.latest, budget: this.options.budget(this.latest.memory.totalBytes) };
  }

  start(): void {
    this.stopped = false;
    this.sampling = this.sample();
  }

  /** Takes a sample now (tests, and after big changes); resolves when it is in. */
  sampleNow(): Promise<void> {
    this.sampling = (this.sampling ?? Promise.resolve()).then(() => this.sample());
    return this.sampling;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sampling?.catch(() => undefined);
  }

  private async sample(): Promise<void> {
    clearTimeout(this.timer);
    try {
      const scan = this.samples % (this.options.processScanEvery ?? 20) === 0 && (this.options.scanForOllama?.() ?? true);
      const [mem, processes] = await Promise.all([si.mem(), this.processes(scan)]);
      const load = this.cpu.sample();
      this.samples += 1;
      this.latest = {
        memory: {
          totalBytes: mem.total,
          usedBytes: Math.max(0, mem.total - mem.available),
          availableBytes: mem.available,
          swapTotalBytes: mem.swaptotal,
          swapUsedBytes: mem.swapused,
        },
        cpuLoadPercent: load === null ? null : Math.min(100, Math.max(0, Math.round(load * 10) / 10)),
        cpuCores: this.cpuCores,
        processes,
        budget: this.options.budget(mem.total),
        sampledAt: new Date().toISOString(),
      };
      if (!this.stopped) this.options.emit(this.snapshot);
    } catch {
      // A failed sample keeps the previous one; the next tick tries again.
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.sampleNow(), this.options.intervalMs());
      this.timer.unref();
    }
  }

  private async processes(scan: boolean): Promise<ModelServerProcess[]> {
    const known = this.options.knownProcesses();
    if (!(this.options.scanForOllama?.() ?? true)) this.ollamaPids.clear();
    if (scan) {
      const list = await si.processes();
      this.ollamaPids = new Set(list.list.filter((p) => /^ollama(\.exe)?$/i.test(p.name)).map((p) => p.pid));
      return this.describe(list.list, known);
    }
    const wanted = [...new Set([...known.keys(), ...this.ollamaPids])];
    if (wanted.length === 0) return [];
    if (process.platform !== "linux") return this.describe((await si.processes()).list, known);
    // Between scans, on Linux, only the pids we know are read from /proc: far cheaper than `ps`.
    const measured = await Promise.all(wanted.map(async (pid) => ({ pid, ...(await linuxProcess(pid)) })));
    return this.describe(measured.filter((p): p is { pid: number; name: string; memRss: number } => p.name !== undefined), known);
  }

  private describe(list: { pid: number; name: string; memRss: number }[], known: Map<number, string>): ModelServerProcess[] {
    return list
      .filter((p) => known.has(p.pid) || this.ollamaPids.has(p.pid))
      .slice(0, 64)
      .map((p) => ({
        pid: p.pid,
        name: known.has(p.pid) && !/^ollama/i.test(p.name) ? "ragents engine" : p.name.slice(0, 100),
        rssBytes: Math.max(0, Math.round(p.memRss * 1024)),
        endpointId: known.get(p.pid) ?? null,
      }));
  }
}

/** Name and RSS (KiB) of a Linux process from /proc; nothing if it has exited. */
async function linuxProcess(pid: number): Promise<{ name?: string; memRss?: number }> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const name = /^Name:\s*(.+)$/m.exec(status)?.[1]?.trim();
    const rss = Number(/^VmRSS:\s*(\d+)\s*kB$/m.exec(status)?.[1] ?? 0);
    return name === undefined ? {} : { name, memRss: rss };
  } catch {
    return {};
  }
}

/** Busy share of all cores since the previous sample, from the kernel's per-core tick counters. */
class CpuLoadMeter {
  private previous = totals();

  /** Percent busy since the last call; null on the first call (no interval yet). */
  sample(): number | null {
    const now = totals();
    const busy = now.busy - this.previous.busy;
    const all = now.all - this.previous.all;
    this.previous = now;
    return all > 0 ? (busy / all) * 100 : null;
  }
}

function totals(): { busy: number; all: number } {
  let busy = 0;
  let all = 0;
  for (const { times } of cpus()) {
    const sum = times.user + times.nice + times.sys + times.idle + times.irq;
    all += sum;
    busy += sum - times.idle;
  }
  return { busy, all };
}
