/**
 * Test helpers: a real built-in engine in a child process (started and watched by the same
 * supervisor the app uses), with its own temporary models folder of generated models.
 */
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { EngineSupervisor } from "../../electron/core/engine-supervisor.js";
import { makeRandomModel, type PresetName } from "../../electron/engine/gguf/random-model.js";

export interface TestModel { name: string; preset?: PresetName; seed?: number }

export interface RunningEngine {
  url: string;
  modelsDir: string;
  supervisor: EngineSupervisor;
  logs: string[];
  /** Resolves with the first engine log line (past or future) matching the pattern. */
  waitForLog: (pattern: RegExp) => Promise<string>;
  stop: () => Promise<void>;
}

export async function makeTempDir(prefix = "ragents-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** `name` like `tiny-random` or `team/coder:v2`, stored where the catalog expects it. */
export async function addModel(modelsDir: string, model: TestModel): Promise<string> {
  const [repository, tag = "latest"] = model.name.split(":");
  const path = join(modelsDir, ...repository!.split("/"), `${tag}.gguf`);
  await mkdir(dirname(path), { recursive: true });
  await makeRandomModel({ out: path, preset: model.preset ?? "tiny", seed: model.seed ?? 1 });
  return path;
}

export async function startEngine(options: {
  models?: TestModel[];
  parallel?: number;
  ramBudgetBytes?: number;
  extraArgs?: string[];
} = {}): Promise<RunningEngine> {
  const root = await makeTempDir();
  const modelsDir = join(root, "models");
  await mkdir(modelsDir, { recursive: true });
  for (const m of options.models ?? [{ name: "tiny-random" }]) await addModel(modelsDir, m);
  const logs: string[] = [];
  const watchers: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const supervisor = new EngineSupervisor({
    modelsDir,
    parallel: options.parallel ?? 2,
    ...(options.ramBudgetBytes ? { ramBudgetBytes: options.ramBudgetBytes } : {}),
    extraArgs: ["--ollama-models", "none", "--threads", "1", ...(options.extraArgs ?? [])],
    onLog: (line) => {
      logs.push(line);
      for (const w of watchers.splice(0)) if (w.pattern.test(line)) w.resolve(line); else watchers.push(w);
    },
  });
  const url = await supervisor.start();
  return {
    url, modelsDir, supervisor, logs,
    waitForLog: (pattern) => {
      const seen = logs.find((l) => pattern.test(l));
      return seen ? Promise.resolve(seen) : new Promise((resolve) => watchers.push({ pattern, resolve }));
    },
    stop: async () => {
      await supervisor.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A JSON schema whose grammar forces a long answer: lets tests hold a slot for a while without sleeps. */
export const LONG_ANSWER_FORMAT = { type: "array", items: { enum: ["x"] }, minItems: 300 };

/** Response bodies in tests are read loosely; the assertions say what they must hold. */
export async function json(res: Response): Promise<any> {
  return res.json();
}

export async function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body), ...init });
}
