/**
 * `ragents serve [--host 127.0.0.1] [--port N] [--data DIR] [--rebuild]`: the headless host.
 * Builds the core once, serves the renderer bundle and the contract over one WebSocket, and
 * prints the URL with its token as the first stdout line (`listening http://…/#token=…`), so
 * scripts and tests can wait on it like they wait on the engine.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EVENT_NAMES } from "../../shared/contract/index.js";
import { createCore } from "../core/create-core.js";
import { loadOrCreateToken } from "./access-token.js";
import { createDispatch } from "./contract-dispatch.js";
import { resolveDataDir } from "./data-dir.js";
import { startHostServer } from "./host-server.js";
import { REPO_ROOT, buildRenderer, BUNDLE_DIR, ensureRendererBundle } from "./renderer-bundle.js";

export const DEFAULT_PORT = 7420;

export async function serveCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: String(DEFAULT_PORT) },
      data: { type: "string" },
      rebuild: { type: "boolean", default: false },
      "ollama-url": { type: "string" },
      isolated: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      "usage: ragents serve [--host 127.0.0.1] [--port 7420] [--data DIR] [--ollama-url URL] [--isolated] [--rebuild]\n" +
        "  serves the control center to a browser; open the printed URL (it carries the access token).\n" +
        "  --port 0 picks a free port. RAGENTS_DATA_DIR sets the data folder when --data is absent.\n" +
        "  --ollama-url uses that server as the local endpoint for this run (not saved).\n" +
        "  --isolated never starts `ollama serve` and keeps the built-in engine to the data folder's models\n" +
        "    (tests and demos: leaves the user's own Ollama and its models alone).\n" +
        "  --rebuild rebuilds the renderer bundle first (it is built anyway when missing or older than its sources).\n",
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, not '${values.port}'`);
  const host = values.host!;
  if (host !== "localhost" && isIP(host) === 0) throw new Error(`--host must be an IP address or localhost, not '${host}'`);
  const ollamaUrl = values["ollama-url"];
  if (ollamaUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(ollamaUrl)) throw new Error(`--ollama-url must be an http(s) URL, not '${ollamaUrl}'`);
  // Every flag is checked above, before anything is built or written.
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!isLoopback(host)) {
    log(`warning: --host ${host} exposes the control center beyond this machine; anyone who has the token can manage your models.`);
  }

  const dataDir = resolveDataDir(values.data);
  const bundleDir = values.rebuild ? (await buildRenderer(BUNDLE_DIR), BUNDLE_DIR) : await ensureRendererBundle(log);
  const token = await loadOrCreateToken(dataDir);
  const core = await createCore({
    dataDir,
    ...(ollamaUrl ? { localOllamaUrl: ollamaUrl.replace(/\/+$/, "") } : {}),
    // An empty search path finds no `ollama` binary; `--ollama-models none` keeps ~/.ollama out of the engine.
    ...(values.isolated ? { ollamaSearchPath: "", engineArgs: ["--ollama-models", "none"] } : {}),
  });
  let server: Awaited<ReturnType<typeof startHostServer>>;
  try {
    server = await startHostServer({
      host,
      port,
      token,
      bundleDir,
      version: packageVersion(),
      dispatch: createDispatch(core, log),
      subscribe: (event, handler) => core.on(event as (typeof EVENT_NAMES)[number], handler),
      eventNames: EVENT_NAMES,
      log,
    });
  } catch (error) {
    await core.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new Error(`port ${port} on ${host} is in use; pick another with --port (0 = any free port)`);
    throw error;
  }

  process.stdout.write(`listening ${server.origin}/#token=${token}\n`);
  log(`rAgents control center at ${server.origin}/ (data folder ${dataDir}); Ctrl+C stops it`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the control center…`);
    await server.close().catch(() => undefined);
    await core.close().catch((error: unknown) => log(`core close failed: ${String(error)}`));
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "0.0.0";
}
