/**
 * Runs the user's `ollama serve` when Ollama is installed but not running: start it on the
 * local URL, wait until it answers, pipe its logs, restart it with backoff if it dies, stop it
 * on shutdown. Only the child started here is ever signalled.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { createInterface } from "node:readline";
import { restartDelay, stopChild, waitForVersion } from "../child-server.js";

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
    try {
      await this.launch();
    } catch (error) {
      // A first start that fails is a verdict (the caller falls back to the built-in engine),
      // not a crash to recover from: no restarts behind the caller's back.
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const child = this.child;
    this.child = undefined;
    await stopChild(child);
    this.emit("state", "stopped", null);
  }

  private async launch(): Promise<void> {
    this.emit("state", "starting", null);
    // hostname, not host: `host` already carries the port.
    const { hostname: host, port } = new URL(this.options.url);
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
    const answered = await waitForVersion(this.options.url, () => exitedWith !== undefined, deadline);
    if (exitedWith) throw new Error(`ollama serve ${exitedWith}`);
    if (!answered) {
      child.kill("SIGKILL");
      throw new Error("ollama serve did not answer in time");
    }
    this.attempt = 0;
    this.emit("state", "up", null);
  }

  private onExit(why: string): void {
    this.child = undefined;
    if (this.stopping) return;
    const delay = restartDelay(this.attempt++, 500, this.options.maxBackoffMs ?? 30_000);
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
