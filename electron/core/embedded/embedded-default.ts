/**
 * The embedded default: a fresh machine gets a working fleet at once. When nothing answers at
 * the local Ollama URL, start `ollama serve` if Ollama is installed, otherwise the built-in
 * engine on a free loopback port with the demo model. A port held by some other program is
 * reported (the local endpoint stays down with its reason) and left alone.
 */
import { access, mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { makeRandomModel } from "../../engine/gguf/random-model.js";
import { EngineSupervisor } from "../engine-supervisor.js";
import type { PollOutcome } from "../fleet/endpoint-poller.js";
import type { FleetService } from "../fleet/fleet-service.js";
import { findOnPath } from "./find-on-path.js";
import { OllamaServe } from "./ollama-serve.js";

export const LOCAL_ID = "local";
export const BUILTIN_ID = "builtin";
export const DEMO_MODEL_FILE = "tiny-random.gguf";

export interface EmbeddedDefaultOptions {
  dataDir: string;
  localUrl: string;
  fleet: FleetService;
  ramBudgetBytes: () => number;
  log: (line: string) => void;
  /** Extra `ragents engine` flags (tests pass `--ollama-models none`). */
  engineArgs?: string[];
  /** Look for `ollama` here instead of $PATH (tests hide a real Ollama this way). */
  searchPath?: string;
}

export class EmbeddedDefault {
  private engine: EngineSupervisor | undefined;
  private ollama: OllamaServe | undefined;
  private decided = false;
  private stopped = false;

  constructor(private readonly o: EmbeddedDefaultOptions) {}

  /** pid → endpoint id of the servers started here, for the system monitor. */
  processes(): Map<number, string> {
    const map = new Map<number, string>();
    if (this.engine?.pid) map.set(this.engine.pid, BUILTIN_ID);
    if (this.ollama?.pid) map.set(this.ollama.pid, LOCAL_ID);
    return map;
  }

  /** Called with the local endpoint's first verdict; acts once. */
  async decide(outcome: PollOutcome): Promise<void> {
    if (this.decided || this.stopped) return;
    this.decided = true;
    if (outcome.status === "up") return;
    const free = outcome.reason === "connection refused" && isLoopback(this.o.localUrl);
    const binary = free ? await findOnPath("ollama", this.o.searchPath) : undefined;
    if (binary) {
      try {
        await this.startOllama(binary);
        return;
      } catch (error) {
        this.o.log(`could not start ollama serve (${(error as Error).message}); starting the built-in engine instead`);
      }
    } else if (!free) {
      this.o.log(`${this.o.localUrl} is not a usable Ollama (${outcome.reason}); leaving it alone, starting the built-in engine`);
    }
    await this.startEngine();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.engine?.stop(), this.ollama?.stop()]);
  }

  private async startOllama(binary: string): Promise<void> {
    const ollama = new OllamaServe({ binary, url: this.o.localUrl, onLog: this.o.log });
    this.ollama = ollama;
    ollama.on("state", (state, reason) => {
      if (state === "up") void this.o.fleet.refresh(LOCAL_ID);
      else if (state !== "stopped") this.o.fleet.setStatus(LOCAL_ID, state === "starting" ? "starting" : "down", reason);
    });
    await ollama.start();
  }

  private async startEngine(): Promise<void> {
    const fleet = this.o.fleet;
    fleet.addStarting(
      { id: BUILTIN_ID, name: "Built-in engine", kind: "builtin-engine", url: "", owner: "ragents" },
      "starting the built-in engine",
    );
    try {
      const modelsDir = join(this.o.dataDir, "models");
      await ensureDemoModel(modelsDir);
      if (this.stopped) return;
      const engine = new EngineSupervisor({
        modelsDir,
        host: "127.0.0.1",
        port: 0,
        ramBudgetBytes: this.o.ramBudgetBytes(),
        extraArgs: this.o.engineArgs,
        onLog: (line) => this.o.log(line),
      });
      this.engine = engine;
      engine.on("state", (state) => {
        if (this.stopped) return;
        if (state === "up" && engine.url) fleet.setUrl(BUILTIN_ID, engine.url);
        else if (state === "backoff") fleet.setStatus(BUILTIN_ID, "down", "the built-in engine exited; restarting it");
        else if (state === "starting") fleet.setStatus(BUILTIN_ID, "starting", "starting the built-in engine");
      });
      const url = await engine.start();
      if (!this.stopped) fleet.setUrl(BUILTIN_ID, url);
    } catch (error) {
      fleet.setStatus(BUILTIN_ID, "down", `the built-in engine could not start: ${(error as Error).message}`.slice(0, 500));
    }
  }
}

/** The demo model is generated, never downloaded: same seed, same bytes, on every machine. */
export async function ensureDemoModel(modelsDir: string): Promise<string> {
  const out = join(modelsDir, DEMO_MODEL_FILE);
  await mkdir(modelsDir, { recursive: true });
  try {
    await access(out);
  } catch {
    // Written under a name the engine ignores, then renamed: a crash never leaves a torn model.
    const temp = `${out}.tmp-${process.pid}`;
    await makeRandomModel({ out: temp, preset: "tiny", seed: 1 });
    await rename(temp, out);
  }
  return out;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\./.test(host);
}
