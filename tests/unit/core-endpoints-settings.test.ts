/**
 * The core's endpoint and settings channels, end to end through `handle`: remote endpoints
 * added (probed, persisted, token never echoed) and removed; settings updated atomically; a
 * corrupt settings file surfaced to the UI as a notice.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Core } from "../../electron/core/create-core.js";
import { endpointIn, nextEvent, startTestCore, tempDataDir, untilFleet } from "../support/core-fixtures.js";
import { startStubOllama, type StubOllama } from "../support/stub-ollama.js";

let stub: StubOllama;
let core: Core | undefined;
beforeEach(async () => {
  stub = await startStubOllama();
});
afterEach(async () => {
  await core?.close();
  await stub.stop();
});

describe("endpoints", () => {
  it("adds a remote endpoint, probes it with its token, persists it, and removes it", async () => {
    const started = await startTestCore({ localOllamaUrl: "http://127.0.0.1:9" });
    core = started.core;
    const c = core;
    const { endpoint } = await c.request("endpoints:add", { name: "Studio", url: `${stub.url}/`, token: "proxy-token" });
    expect(endpoint).toMatchObject({ kind: "ollama-remote", owner: "external", url: stub.url, hasToken: true, status: "unknown" });
    expect(endpoint.id).toMatch(/^remote-[0-9a-f]{6}$/);
    expect(JSON.stringify(endpoint)).not.toContain("proxy-token");

    const up = await untilFleet(c, (s) => endpointIn(s, endpoint.id)?.status === "up" && endpointIn(s, endpoint.id));
    expect(up.installed.map((m) => m.name)).toEqual(["stub:latest"]);
    expect(stub.authorizations).toContain("Bearer proxy-token");

    const saved = JSON.parse(await readFile(join(started.dataDir, "settings.json"), "utf8"));
    expect(saved.endpoints).toEqual([{ id: endpoint.id, name: "Studio", url: stub.url, token: "proxy-token" }]);
    const view = await c.request("settings:get", {});
    expect(view.settings.endpoints).toEqual([{ id: endpoint.id, name: "Studio", url: stub.url, hasToken: true }]);
    expect(JSON.stringify(view)).not.toContain("proxy-token");

    await expect(c.handle("endpoints:add", { name: "Again", url: stub.url })).rejects.toMatchObject({ code: "conflict" });
    await expect(c.handle("endpoints:add", { name: "Evil", url: "file:///etc/passwd" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(c.handle("endpoints:remove", { endpointId: "local" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(c.handle("endpoints:remove", { endpointId: "remote-none" })).rejects.toMatchObject({ code: "not_found" });

    const removed = nextEvent(c, "fleet:changed", (e) => e.changes.some((ch) => ch.kind === "endpoint-removed"));
    expect(await c.request("endpoints:remove", { endpointId: endpoint.id })).toEqual({ removed: true });
    await removed;
    expect(endpointIn(await c.request("fleet:list", {}), endpoint.id)).toBeUndefined();
    expect(JSON.parse(await readFile(join(started.dataDir, "settings.json"), "utf8")).endpoints).toEqual([]);
  });

  it("brings saved remote endpoints back on the next start", async () => {
    const dataDir = await tempDataDir();
    const first = await startTestCore({ dataDir, localOllamaUrl: "http://127.0.0.1:9" });
    const { endpoint } = await first.core.request("endpoints:add", { name: "Box", url: stub.url });
    await first.core.close();
    ({ core } = await startTestCore({ dataDir, localOllamaUrl: "http://127.0.0.1:9" }));
    const again = await untilFleet(core, (s) => endpointIn(s, endpoint.id)?.status === "up" && endpointIn(s, endpoint.id));
    expect(again).toMatchObject({ name: "Box", url: stub.url, hasToken: false });
  });
});

describe("settings", () => {
  it("updates, persists and announces settings; refuses bad values without changing anything", async () => {
    const started = await startTestCore({ localOllamaUrl: "http://127.0.0.1:9" });
    core = started.core;
    const announced = nextEvent(core, "settings:changed");
    const updated = await core.request("settings:update", { ramBudgetBytes: 4 * 1024 ** 3, polling: { maxBackoffMs: 60_000 } });
    expect(updated.settings.ramBudgetBytes).toBe(4 * 1024 ** 3);
    expect((await announced).settings.ramBudgetBytes).toBe(4 * 1024 ** 3);
    expect((await core.request("system:snapshot", {})).budget).toMatchObject({ budgetBytes: 4 * 1024 ** 3, source: "settings" });
    const onDisk = await readFile(join(started.dataDir, "settings.json"), "utf8");
    expect(JSON.parse(onDisk).polling.maxBackoffMs).toBe(60_000);

    await expect(core.handle("settings:update", { polling: { intervalMs: -1 } })).rejects.toMatchObject({ code: "bad_request" });
    await expect(core.handle("settings:update", { theme: "dark" })).rejects.toMatchObject({ code: "bad_request", message: /theme/ });
    expect(await readFile(join(started.dataDir, "settings.json"), "utf8")).toBe(onDisk);
  });

  it("surfaces a corrupt settings file as a notice and runs on defaults", async () => {
    const dataDir = await tempDataDir();
    await writeFile(join(dataDir, "settings.json"), "{ not json");
    const started = await startTestCore({ dataDir, localOllamaUrl: "http://127.0.0.1:9" });
    core = started.core;
    const { settings, notices } = await core.request("settings:get", {});
    expect(settings.endpoints).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/settings\.json could not be read \(not valid JSON.*moved to .*settings\.json\.corrupt-/);
    expect(started.logs.some((l) => l.includes("settings.json could not be read"))).toBe(true);
  });
});
