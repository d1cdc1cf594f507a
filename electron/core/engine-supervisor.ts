/**
 * Runs the built-in engine (`ragents engine`) as a child process: start it on a free loopback
 * port, race readiness (`GET /api/version`) against a timeout, pipe its logs into ours, restart
 * it with backoff when it dies, and stop it on shutdown. It only ever signals the process it
 * started itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { restartDelay, stopChild, waitForVersion } from "./child-server.js";

export type SupervisorState = "stopped" | "starting" | "up" | "backoff" | "failed";

export interface EngineSupervisorOptions {
  modelsDir: string;
  host?: string;
  /** 0 picks a free port on first start; restarts then try to keep that port so URLs stay valid. */
  port?: number;
  parallel?: number;
  ramBudgetBytes?: number;
  readyTimeoutMs?: number;
  maxBackoffMs?: number;
  /** Extra `ragents engine` flags (e.g. `--ollama-models none` in tests). */
  extraArgs?: string[];
  onLog?: (line: string, stream: "stdout" | "stderr") => void;
}

const CLI = fileURLToPath(new URL("../../bin/ragents.mjs", import.meta.url));
/** Up this long without dying, the engine is healthy again and backoff starts over. */
const STABLE_AFTER_MS = 30_000;

export class EngineSupervisor extends EventEmitter<{ state: [SupervisorState]; restart: [number] }> {
  private child: ChildProcess | undefined;
  private _state: SupervisorState = "stopped";
  private _url: string | undefined;
  private port: number;
  private attempt = 0;
  private upSince = 0;
  private stopping = false;
  private backoffTimer: NodeJS.Timeout | undefined;
  private _restarts = 0;
  private readonly killOnExit = () => this.child?.kill("SIGKILL");

  constructor(private readonly options: EngineSupervisorOptions) {
    super();
    this.port = options.port ?? 0;
  }

  get state(): SupervisorState { return this._state; }
  get url(): string | undefined { return this._state === "up" ? this._url : undefined; }
  get pid(): number | undefined { return this.child?.pid; }
  get restarts(): number { return this._restarts; }

  /** Resolves with the engine's base URL once it answers; rejects if the first start fails. */
  async start(): Promise<string> {
    if (this._state === "up" && this._url) return this._url;
    this.stopping = false;
    process.once("exit", this.killOnExit);
    try {
      return await this.launch();
    } catch (error) {
      this.setState("failed");
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.backoffTimer);
    process.off("exit", this.killOnExit);
    const child = this.child;
    this.child = undefined;
    await stopChild(child);
    this.setState("stopped");
  }

  private setState(state: SupervisorState): void {
    if (this._state === state) return;
    this._state = state;
    this.emit("state", state);
  }

  private launch(): Promise<string> {
    this.setState("starting");
    const o = this.options;
    const args = [CLI, "engine", "--host", o.host ?? "127.0.0.1", "--port", String(this.port), "--models", o.modelsDir,
      ...(o.parallel ? ["--parallel", String(o.parallel)] : []),
      ...(o.ramBudgetBytes ? ["--ram-budget", String(Math.floor(o.ramBudgetBytes))] : []),
      ...(o.extraArgs ?? [])];
    // Inside the Electron shell execPath is Electron itself: ask it to behave as plain Node for
    // this child only (set globally, Chromium's helper processes would inherit it).
    const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: "1" } : process.env;
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env });
    this.child = child;
    const log = (stream: "stdout" | "stderr") => (line: string) => o.onLog?.(line, stream);
    createInterface({ input: child.stderr! }).on("line", log("stderr"));
    const stdout = createInterface({ input: child.stdout! });

    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const fail = (why: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (child.exitCode === null) child.kill("SIGKILL");
        reject(new Error(`engine did not start: ${why}`));
      };
      const timer = setTimeout(() => fail(`no answer within ${o.readyTimeoutMs ?? 30_000} ms`), o.readyTimeoutMs ?? 30_000);
      stdout.on("line", (line) => {
        const match = /^listening (http:\/\/\S+)$/.exec(line);
        if (!match) return o.onLog?.(line, "stdout");
        if (settled) return;
        const url = match[1]!;
        void waitForVersion(url, () => settled).then((answered) => {
          if (settled || !answered) return;
          settled = true;
          clearTimeout(timer);
          this._url = url;
          this.port = Number(new URL(url).port);
          this.upSince = Date.now();
          this.setState("up");
          resolve(url);
        });
      });
      child.once("exit", (code, signal) => {
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        if (!settled) {
          // A restart on the old port can lose a race for it: try a fresh port next time.
          this.port = 0;
          fail(why);
        }
        if (this.child === child) this.onUnexpectedExit(why);
      });
    });
  }

  private onUnexpectedExit(why: string): void {
    this.child = undefined;
    if (this.stopping) return;
    this.options.onLog?.(`engine ${why}; restarting`, "stderr");
    if (Date.now() - this.upSince > STABLE_AFTER_MS) this.attempt = 0;
    const delay = restartDelay(this.attempt++, 250, this.options.maxBackoffMs ?? 10_000);
    this.setState("backoff");
    this.backoffTimer = setTimeout(() => {
      if (this.stopping) return;
      this._restarts++;
      this.emit("restart", this._restarts);
      this.launch().catch((error: Error) => this.options.onLog?.(error.message, "stderr"));
    }, delay);
  }
}
