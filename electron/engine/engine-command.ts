/**
 * `ragents engine`: the built-in Ollama-compatible server. Its first stdout line is
 * `listening <url>`, which is how a supervisor started with `--port 0` learns the port.
 */
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import { availableParallelism, totalmem } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Engine } from "./engine.js";
import { createEngineServer } from "./http/server.js";
import { defaultOllamaModelsDir } from "./model-catalog.js";

function intFlag(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

export async function engineCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "11435" },
      models: { type: "string" },
      "ollama-models": { type: "string" },
      parallel: { type: "string", default: "4" },
      "ram-budget": { type: "string" },
      "max-queue": { type: "string", default: "512" },
      "num-ctx": { type: "string", default: "2048" },
      "keep-alive": { type: "string", default: "300" },
      threads: { type: "string" },
      gpu: { type: "string", default: "auto" },
    },
    strict: true,
  });
  const port = intFlag(values.port, "port", 0, 65535)!;
  // One core is left to the app and the OS: llama.cpp's worker threads spin while they wait,
  // and on a busy machine a thread per core turns that spinning into stalls of 100+ ms a token.
  const threads = intFlag(values.threads, "threads", 1, 1024) ?? Math.max(1, availableParallelism() - 1);
  const modelsDir = resolve(values.models ?? process.env.RAGENTS_MODELS ?? "models");
  await mkdir(modelsDir, { recursive: true });
  const ollamaFlag = values["ollama-models"];
  const log = (line: string) => process.stderr.write(`[engine] ${line}\n`);
  if (values.gpu !== "auto" && values.gpu !== "false") throw new Error("--gpu must be auto or false");

  const engine = await Engine.create({
    modelsDir,
    ollamaModelsDir: ollamaFlag === "none" ? null : resolve(ollamaFlag ?? defaultOllamaModelsDir()),
    parallel: intFlag(values.parallel, "parallel", 1, 64)!,
    // Default: half of RAM, leaving the rest to the OS, the app and the user's own work.
    ramBudgetBytes: intFlag(values["ram-budget"], "ram-budget", 1, Number.MAX_SAFE_INTEGER) ?? Math.floor(totalmem() / 2),
    maxQueue: intFlag(values["max-queue"], "max-queue", 0, 1_000_000)!,
    defaultNumCtx: intFlag(values["num-ctx"], "num-ctx", 16, 131_072)!,
    defaultKeepAliveMs: intFlag(values["keep-alive"], "keep-alive", -1, 10_000_000)! * 1000,
    gpu: values.gpu === "false" ? false : "auto",
    threads,
    log,
  });
  const server = createEngineServer(engine);
  // Keep idle connections well past a poll interval (Ollama's Go server keeps them open too):
  // with Node's 5 s default, a core polling every 5 s reconnected on every probe.
  server.keepAliveTimeout = 120_000;
  server.listen(port, values.host);
  await once(server, "listening");
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const host = values.host!.includes(":") ? `[${values.host}]` : values.host;
  process.stdout.write(`listening http://${host}:${actualPort}\n`);
  log(`models in ${modelsDir}; parallel ${values.parallel}; gpu ${engine.llama.gpu || "none"}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await engine.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  // A failure in one request must never take the engine down for everyone else.
  process.on("uncaughtException", (error) => log(`uncaught: ${error.stack ?? error.message}`));
  process.on("unhandledRejection", (error) => log(`unhandled rejection: ${(error as Error)?.stack ?? String(error)}`));
}
