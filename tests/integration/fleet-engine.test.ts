/**
 * The core's fleet against the real built-in engine: models listed, `ps` following load and
 * unload, benchmark feeding tokens/sec, pull with progress to completion, cancel leaving no
 * partial model, delete needing its confirm.
 */
import { createHash } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "../../electron/core/create-core.js";
import { makeRandomModel } from "../../electron/engine/gguf/random-model.js";
import type { FleetChange, PullProgress } from "../../shared/contract/index.js";
import { endpointIn, nextEvent, startTestCore, tempDataDir, untilFleet } from "../support/core-fixtures.js";
import { addModel, startEngine, type RunningEngine } from "../support/engine.js";
import { startFileServer, type FileServer } from "../support/file-server.js";

let engine: RunningEngine;
let core: Core;
let files: FileServer;
let gguf: Buffer;
let ggufSha: string;

beforeAll(async () => {
  engine = await startEngine({ models: [{ name: "tiny-random" }] });
  ({ core } = await startTestCore({ localOllamaUrl: engine.url }));
  const out = join(await tempDataDir(), "pulled.gguf");
  await makeRandomModel({ out, preset: "tiny", seed: 42 });
  gguf = await readFile(out);
  ggufSha = createHash("sha256").update(gguf).digest("hex");
  files = await startFileServer({ "pulled.gguf": gguf, "stalled.gguf": gguf });
});
afterAll(async () => {
  await core?.close();
  await files?.close();
  await engine?.stop();
});

const local = (s: Parameters<typeof endpointIn>[0]) => endpointIn(s, "local");

describe("fleet against the built-in engine", () => {
  it("lists the engine's version and models with their details", async () => {
    const endpoint = await untilFleet(core, (s) => local(s)?.status === "up" && local(s));
    expect(endpoint).toMatchObject({ kind: "ollama-local", owner: "external", reason: null, url: engine.url });
    expect(endpoint.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(endpoint.latencyMs).toBeGreaterThanOrEqual(0);
    const tiny = endpoint.installed.find((m) => m.name === "tiny-random:latest");
    expect(tiny).toMatchObject({ family: "llama", quantization: "F32", randomWeights: true });
    expect(tiny!.sizeBytes).toBeGreaterThan(400_000);
  });

  it("shows a load in ps (with a change event) and an unload taking it away", async () => {
    const changes: FleetChange[] = [];
    const off = core.on("fleet:changed", (e) => changes.push(...e.changes));
    const loaded = await core.request("fleet:load", { endpointId: "local", model: "tiny-random", keepAlive: "10m" });
    expect(loaded).toMatchObject({ outcome: "loaded", check: { fits: true } });
    const resident = local(await core.request("fleet:list", {}))!.loaded;
    expect(resident).toHaveLength(1);
    expect(resident[0]!.name).toBe("tiny-random:latest");
    expect(resident[0]!.sizeBytes).toBeGreaterThan(0);
    expect(Date.parse(resident[0]!.expiresAt!)).toBeGreaterThan(Date.now());
    await untilFleet(core, () => changes.some((c) => c.kind === "loaded-upserted" && c.model.name === "tiny-random:latest"));

    await core.request("fleet:unload", { endpointId: "local", model: "tiny-random" });
    expect(local(await core.request("fleet:list", {}))!.loaded).toEqual([]);
    await untilFleet(core, () => changes.some((c) => c.kind === "loaded-removed" && c.name === "tiny-random:latest"));
    off();
    // Having been loaded once, its measured size now drives the budget check.
    const check = await core.request("fleet:load-check", { endpointId: "local", model: "tiny-random" });
    expect(check.requiredBytes).toBe(resident[0]!.sizeBytes);
  });

  it("benchmarks a model and keeps its rolling tokens/sec", async () => {
    const result = await core.request("fleet:benchmark", { endpointId: "local", model: "tiny-random", maxTokens: 16 });
    expect(result.model).toBe("tiny-random:latest");
    expect(result.generatedTokens).toBeGreaterThan(0);
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.timeToFirstTokenMs!);
    const throughput = local(await core.request("fleet:list", {}))!.throughput.find((t) => t.model === "tiny-random:latest");
    expect(throughput).toMatchObject({ samples: 1, tokensPerSecond: result.tokensPerSecond, recent: [result.tokensPerSecond] });
    // unload-idle unloads what the benchmark left loaded, since nothing of ours is using it now.
    const { unloaded } = await core.request("fleet:unload-idle", {});
    expect(unloaded).toEqual([{ endpointId: "local", model: "tiny-random:latest" }]);
  });

  it("refuses bad requests with a clear error and changes nothing", async () => {
    const before = await core.request("fleet:list", {});
    await expect(core.handle("fleet:load", { endpointId: "local", model: "../../etc/passwd" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(core.handle("fleet:load", { endpointId: "local", model: "absent" })).rejects.toMatchObject({
      code: "not_found",
      message: "model 'absent:latest' is not installed on endpoint 'local'",
    });
    await expect(core.handle("fleet:load", { endpointId: "nowhere", model: "tiny-random" })).rejects.toMatchObject({ code: "not_found" });
    await expect(core.handle("fleet:delete", { endpointId: "local", model: "tiny-random" })).rejects.toMatchObject({ code: "bad_request", message: /confirm/ });
    await expect(core.handle("fleet:pull", { endpointId: "local", model: "x", url: "file:///etc/passwd" })).rejects.toMatchObject({ code: "bad_request" });
    const after = await core.request("fleet:list", {});
    expect(local(after)!.installed).toEqual(local(before)!.installed);
    expect(local(after)!.loaded).toEqual([]);
  });

  it("pulls a GGUF from a loopback server with progress to completion", async () => {
    const events: PullProgress[] = [];
    const off = core.on("fleet:pull-progress", (p) => events.push(p));
    const done = nextEvent(core, "fleet:pull-progress", (p) => p.state !== "running");
    const { pull } = await core.request("fleet:pull", { endpointId: "local", model: "team/pulled:v1", url: files.url("pulled.gguf"), sha256: ggufSha });
    expect(pull).toMatchObject({ state: "running", model: "team/pulled:v1", endpointId: "local" });
    const final = await done;
    off();
    expect(final).toMatchObject({ pullId: pull.pullId, state: "done", percent: 100, error: null, totalBytes: gguf.length, completedBytes: gguf.length });
    const running = events.filter((e) => e.state === "running");
    expect(running.length).toBeGreaterThan(0);
    expect(running.some((e) => e.totalBytes === gguf.length)).toBe(true);
    const completed = running.map((e) => e.completedBytes);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    await untilFleet(core, (s) => local(s)?.installed.find((m) => m.name === "team/pulled:v1"));
  });

  it("cancels a pull and leaves no partial model", async () => {
    const release = files.stallNext("stalled.gguf");
    const gaveUp = files.clientGaveUp("stalled.gguf");
    // The download has begun (the engine knows the size) and the server then stalls mid-file.
    const moving = nextEvent(core, "fleet:pull-progress", (p) => p.totalBytes === gguf.length);
    const ended = nextEvent(core, "fleet:pull-progress", (p) => p.state !== "running");
    const { pull } = await core.request("fleet:pull", { endpointId: "local", model: "stalled:latest", url: files.url("stalled.gguf") });
    await moving;
    await expect(core.request("fleet:pull", { endpointId: "local", model: "stalled", url: files.url("stalled.gguf") })).rejects.toMatchObject({ code: "conflict" });
    expect(await core.request("fleet:pull-cancel", { pullId: pull.pullId })).toEqual({ cancelled: true });
    expect(await ended).toMatchObject({ pullId: pull.pullId, state: "cancelled" });
    await gaveUp; // the engine dropped the download, not just our stream
    release();
    const listed = local(await core.request("fleet:list", {}))!.installed.map((m) => m.name);
    expect(listed).not.toContain("stalled:latest");
    await expect(access(join(engine.modelsDir, "stalled", "latest.gguf"))).rejects.toThrow();
    await expect(access(join(engine.modelsDir, "stalled.gguf"))).rejects.toThrow();
    await expect(core.request("fleet:pull-cancel", { pullId: "no-such-pull" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("deletes a model only with confirm, and the fleet shows it gone", async () => {
    await addModel(engine.modelsDir, { name: "scratch", seed: 3 });
    await untilFleet(core, (s) => local(s)?.installed.some((m) => m.name === "scratch:latest"));
    expect(await core.request("fleet:delete", { endpointId: "local", model: "scratch", confirm: true })).toEqual({ deleted: true });
    expect(local(await core.request("fleet:list", {}))!.installed.map((m) => m.name)).not.toContain("scratch:latest");
  });
});
