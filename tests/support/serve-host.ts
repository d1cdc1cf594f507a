/**
 * A real `ragents serve` in a child process, with its own data folder, for browser e2e tests.
 * Ready means: it printed `listening URL` and `/healthz` answers. No sleeps anywhere.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { makeTempDir } from "./engine.js";

const CLI = fileURLToPath(new URL("../../bin/ragents.mjs", import.meta.url));

export interface ServeHost {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  /** The URL as printed, with `#token=`. */
  url: string;
  dataDir: string;
  logs: string[];
  stop: () => Promise<void>;
}

/** A loopback port nothing listens on (bound, then released), for an Ollama URL that must refuse. */
export async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startServeHost(extraArgs: string[] = []): Promise<ServeHost> {
  const dataDir = await makeTempDir("ragents-serve-");
  const logs: string[] = [];
  // The local Ollama URL points at a closed port and --isolated hides any real Ollama, so the
  // core starts its own built-in engine with the demo model: the same path as a fresh machine.
  const args = [CLI, "serve", "--port", "0", "--data", dataDir, "--ollama-url", `http://127.0.0.1:${await closedPort()}`, "--isolated", ...extraArgs];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`ragents serve exited with ${String(code)} before it was ready:\n${logs.join("\n")}`);
  });
  const firstLine = new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  let origin: string;
  let token: string;
  try {
    const line = await Promise.race([firstLine, exited]);
    const match = /^listening (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)$/.exec(line);
    if (!match) throw new Error(`unexpected first line from ragents serve: ${line}`);
    [, origin, token] = match as unknown as [string, string, string];
    const health = (await (await fetch(`${origin}/healthz`)).json()) as { ok?: boolean };
    if (health.ok !== true) throw new Error(`healthz is not ok: ${JSON.stringify(health)}`);
  } catch (error) {
    // Never leave a host (and the engine it started) behind when the test cannot use it.
    exited.catch(() => undefined);
    if (child.exitCode === null) child.kill("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  exited.catch(() => undefined);

  return {
    origin,
    token,
    url: `${origin}/#token=${token}`,
    dataDir,
    logs,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = once(child, "exit");
        child.kill("SIGTERM");
        await gone;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
