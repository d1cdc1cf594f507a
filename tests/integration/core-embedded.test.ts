/**
 * The embedded default: with nothing answering at the local URL and no `ollama` on PATH, the
 * core starts the built-in engine with the generated demo model, reports its process, and stops
 * it on close. A port held by some other program is reported and left alone.
 */
import { once } from "node:events";
import { access, chmod, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { Core } from "../../electron/core/create-core.js";
import { endpointIn, nextEvent, startTestCore, untilFleet } from "../support/core-fixtures.js";
import { addModel, makeTempDir } from "../support/engine.js";
import { startStubOllama, type StubOllama } from "../support/stub-ollama.js";

let core: Core | undefined;
let stub: StubOllama | undefined;
afterEach(async () => {
  await core?.close();
  await stub?.stop();
  core = undefined;
  stub = undefined;
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it("starts the built-in engine with the demo model when nothing answers locally, and stops it on close", async () => {
  const started = await startTestCore({
    localOllamaUrl: `http://127.0.0.1:${await closedPort()}`,
    autostartEmbedded: true,
    ollamaSearchPath: "", // no `ollama` binary to find
    systemMonitor: true,
    polling: { systemIntervalMs: 250 },
  });
  core = started.core;
  const builtin = await untilFleet(core, (s) => {
    const e = endpointIn(s, "builtin");
    return e?.status === "up" && e.installed.length > 0 && e;
  });
  expect(builtin).toMatchObject({ kind: "builtin-engine", owner: "ragents" });
  expect(builtin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(builtin.installed.map((m) => m.name)).toEqual(["tiny-random:latest"]);
  await access(join(started.dataDir, "models", "tiny-random.gguf"));
  expect(endpointIn(await core.request("fleet:list", {}), "local")).toMatchObject({ status: "down", reason: "connection refused" });

  const sample = await nextEvent(core, "system:changed", (s) => s.processes.some((p) => p.endpointId === "builtin"));
  const engineProcess = sample.processes.find((p) => p.endpointId === "builtin")!;
  expect(engineProcess.rssBytes).toBeGreaterThan(0);
  expect(sample.memory.totalBytes).toBeGreaterThan(sample.memory.availableBytes);
  expect(sample.budget.source).toBe("default");

  await core.close();
  core = undefined;
  expect(alive(engineProcess.pid)).toBe(false);
});

it("leaves a port held by another program alone and starts the built-in engine elsewhere", async () => {
  stub = await startStubOllama();
  stub.mode = "garbage";
  ({ core } = await startTestCore({ localOllamaUrl: stub.url, autostartEmbedded: true, ollamaSearchPath: "" }));
  const c = core;
  const builtin = await untilFleet(c, (s) => endpointIn(s, "builtin")?.status === "up" && endpointIn(s, "builtin"));
  expect(builtin.url).not.toBe(stub.url);
  expect(endpointIn(await c.request("fleet:list", {}), "local")).toMatchObject({ status: "down", reason: expect.stringMatching(/not JSON/) });
  // The other program still answers: nothing was killed or taken over.
  const res = await fetch(`${stub.url}/api/version`);
  expect(await res.text()).toBe("<html>hello</html>");
});

it("starts, restarts and stops `ollama serve` when an ollama binary is on PATH", async () => {
  // A stand-in `ollama` that speaks the same protocol on OLLAMA_HOST: the built-in engine.
  const bin = await makeTempDir("ragents-fake-ollama-");
  const models = join(bin, "models");
  await addModel(models, { name: "from-ollama" });
  const cli = join(import.meta.dirname, "../../bin/ragents.mjs");
  await writeFile(join(bin, "ollama"), [
    "#!/bin/sh",
    '[ "$1" = "serve" ] || exit 2',
    `exec "${process.execPath}" "${cli}" engine --host "\${OLLAMA_HOST%:*}" --port "\${OLLAMA_HOST##*:}" --models "${models}" --ollama-models none --threads 1`,
    "",
  ].join("\n"));
  await chmod(join(bin, "ollama"), 0o755);

  const started = await startTestCore({
    localOllamaUrl: `http://127.0.0.1:${await closedPort()}`,
    autostartEmbedded: true,
    ollamaSearchPath: bin,
    systemMonitor: true,
    polling: { systemIntervalMs: 250 },
  });
  core = started.core;
  const c = core;
  const local = await untilFleet(c, (s) => {
    const e = endpointIn(s, "local");
    return e?.status === "up" && e.installed.length > 0 && e;
  });
  expect(local.installed.map((m) => m.name)).toEqual(["from-ollama:latest"]);
  expect(endpointIn(await c.request("fleet:list", {}), "builtin")).toBeUndefined();

  const first = (await nextEvent(c, "system:changed", (s) => s.processes.some((p) => p.endpointId === "local")))
    .processes.find((p) => p.endpointId === "local")!;
  process.kill(first.pid, "SIGKILL");
  await untilFleet(c, (s) => endpointIn(s, "local")?.status === "down");
  const again = (await nextEvent(c, "system:changed", (s) => s.processes.some((p) => p.endpointId === "local" && p.pid !== first.pid)))
    .processes.find((p) => p.endpointId === "local")!;
  await untilFleet(c, (s) => endpointIn(s, "local")?.status === "up");

  await c.close();
  core = undefined;
  expect(alive(again.pid)).toBe(false);
});

it("falls back to the built-in engine when `ollama serve` will not start, without retrying it behind the scenes", async () => {
  const bin = await makeTempDir("ragents-broken-ollama-");
  const calls = join(bin, "calls");
  await writeFile(join(bin, "ollama"), `#!/bin/sh\necho "$@" >> "${calls}"\necho "Error: broken install" >&2\nexit 1\n`);
  await chmod(join(bin, "ollama"), 0o755);
  const started = await startTestCore({
    localOllamaUrl: `http://127.0.0.1:${await closedPort()}`,
    autostartEmbedded: true,
    ollamaSearchPath: bin,
  });
  core = started.core;
  await untilFleet(core, (s) => endpointIn(s, "builtin")?.status === "up");
  expect(started.logs.some((l) => /could not start ollama serve/.test(l))).toBe(true);
  // Starting the built-in engine and its demo model takes longer than a restart loop's first
  // backoff (0.5 s): had the failed `ollama serve` been retried, it would show here.
  expect(endpointIn(await core.request("fleet:list", {}), "local")?.status).toBe("down");
  expect((await readFile(calls, "utf8")).trim().split("\n")).toEqual(["serve"]);
});
