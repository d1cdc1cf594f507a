/**
 * Runs the user's `ollama serve` when Ollama is installed but not running: start it on the
 * local URL, wait until it answers, pipe its logs, restart it with backoff if it dies, stop it
 * on shutdown. Only the child started here is ever signalled.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { createInterface } from "node:readline";

export type OllamaServeState = "starting" | "up" | "backoff" | "stopped" | "failed";

export interface OllamaServeOptions {
  binary: string;
  /** The URL it must answer on; its host:port becomes OLLAMA_HOST. */
  url: string;
  readyTimeoutMs?: number;
  maxBackoffMs?: number;
  onLog?: (line: string) => void;
}

export class OllamaServe extends EventEmitter<{ state: [OllamaServeState, string | null] }> {
  private child: ChildProcess | undefined;
  private stopping = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OllamaServeOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves once `GET /api/version` answers; rejects if the first start fails. */
  async start(): Promise<void> {
    this.stopping = false;
    await this.launch();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(force);
    }
    this.emit("state", "stopped", null);
  }

  private async launch(): Promise<void> {
    this.emit("state", "starting", null);
    const { host, port } = new URL(this.options.url);
    const child = spawn(this.options.binary, ["serve"], {
      env: { ...process.env, OLLAMA_HOST: `${host}:${port || "11434"}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => this.options.onLog?.(`[ollama] ${line}`));
    }
    let exitedWith: string | undefined;
    child.once("error", (error) => (exitedWith = error.message));
    child.once("exit", (code, signal) => {
      exitedWith ??= signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (this.child === child) this.onExit(exitedWith);
    });
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 30_000);
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      if (exitedWith) throw new Error(`ollama serve ${exitedWith}`);
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error("ollama serve did not answer in time");
      }
      try {
        const res = await fetch(`${this.options.url}/api/version`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // not answering yet
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    this.attempt = 0;
    this.emit("state", "up", null);
  }

  private onExit(why: string): void {
    this.child = undefined;
    if (this.stopping) return;
    const delay = Math.min(this.options.maxBackoffMs ?? 30_000, 500 * 2 ** this.attempt++);
    this.emit("state", "backoff", `ollama serve ${why}; restarting`);
    this.timer = setTimeout(() => {
      this.launch().catch((error: Error) => {
        this.emit("state", "failed", error.message);
        if (!this.child) this.onExit(error.message);
      });
    }, delay);
    this.timer.unref();
  }
}
