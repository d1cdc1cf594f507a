/**
 * Settings on disk: defaults when absent, atomic saves, and a corrupt file moved aside (never
 * overwritten) with a notice saying where it went.
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../electron/core/settings/atomic-write.js";
import { defaultSettings } from "../../electron/core/settings/settings-schema.js";
import { SETTINGS_FILE, SettingsStore } from "../../electron/core/settings/settings-store.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "ragents-settings-"));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe("SettingsStore", () => {
  it("starts from defaults without writing anything", async () => {
    const store = await SettingsStore.open(dataDir);
    expect(store.settings).toEqual(defaultSettings());
    expect(store.notices).toEqual([]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("persists an update atomically (0600, no temp files left) and reads it back", async () => {
    const store = await SettingsStore.open(dataDir);
    await store.update((s) => ({ ...s, ramBudgetBytes: 8 * 1024 ** 3, endpoints: [{ id: "remote-1", name: "Box", url: "http://10.0.0.2:11434", token: "tok" }] }));
    expect(await readdir(dataDir)).toEqual([SETTINGS_FILE]);
    if (process.platform !== "win32") expect((await stat(join(dataDir, SETTINGS_FILE))).mode & 0o777).toBe(0o600);
    const reopened = await SettingsStore.open(dataDir);
    expect(reopened.settings.ramBudgetBytes).toBe(8 * 1024 ** 3);
    expect(reopened.settings.endpoints[0]).toEqual({ id: "remote-1", name: "Box", url: "http://10.0.0.2:11434", token: "tok" });
  });

  it("applies concurrent updates in order, none lost", async () => {
    const store = await SettingsStore.open(dataDir);
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        store.update((s) => ({ ...s, endpoints: [...s.endpoints, { id: `remote-${n}`, name: `n${n}`, url: `http://10.0.0.${n}:11434` }] })),
      ),
    );
    const onDisk = JSON.parse(await readFile(join(dataDir, SETTINGS_FILE), "utf8"));
    expect(onDisk.endpoints.map((e: { id: string }) => e.id)).toEqual(["remote-1", "remote-2", "remote-3", "remote-4", "remote-5"]);
  });

  it("refuses an invalid update and changes neither memory nor disk", async () => {
    const store = await SettingsStore.open(dataDir);
    await store.update((s) => ({ ...s, ramBudgetBytes: 1e9 }));
    const before = await readFile(join(dataDir, SETTINGS_FILE), "utf8");
    await expect(store.update((s) => ({ ...s, localOllamaUrl: "file:///etc" }))).rejects.toThrow(/http or https/);
    expect(store.settings.localOllamaUrl).toBe("http://127.0.0.1:11434");
    expect(await readFile(join(dataDir, SETTINGS_FILE), "utf8")).toBe(before);
    // And the store still works after a refusal.
    await store.update((s) => ({ ...s, ramBudgetBytes: 2e9 }));
    expect(store.settings.ramBudgetBytes).toBe(2e9);
  });

  for (const [what, content, why] of [
    ["not JSON", '{"version": 1, "localOllamaUrl": ', /not valid JSON/],
    ["the wrong shape", JSON.stringify({ ...defaultSettings(), polling: { intervalMs: "fast" } }), /polling/],
    ["a non-http URL", JSON.stringify({ ...defaultSettings(), localOllamaUrl: "file:///x" }), /localOllamaUrl/],
  ] as const) {
    it(`moves a settings file that is ${what} aside and uses defaults`, async () => {
      await writeFile(join(dataDir, SETTINGS_FILE), content);
      const store = await SettingsStore.open(dataDir);
      expect(store.settings).toEqual(defaultSettings());
      const files = await readdir(dataDir);
      const aside = files.find((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`));
      expect(aside, files.join(",")).toBeDefined();
      expect(files).not.toContain(SETTINGS_FILE);
      expect(await readFile(join(dataDir, aside!), "utf8")).toBe(content);
      expect(store.notices).toHaveLength(1);
      expect(store.notices[0]!.level).toBe("warning");
      expect(store.notices[0]!.message).toMatch(why);
      expect(store.notices[0]!.message).toContain(aside!);
      // Saving afterwards writes a fresh file and leaves the corrupt copy alone.
      await store.update((s) => ({ ...s, autostartEmbedded: false }));
      expect((await readdir(dataDir)).sort()).toEqual([SETTINGS_FILE, aside!].sort());
    });
  }
});

describe("writeFileAtomic", () => {
  it("replaces the whole file and leaves no temp file when the target cannot be written", async () => {
    const target = join(dataDir, "x.json");
    await writeFileAtomic(target, "old");
    await writeFileAtomic(target, "new");
    expect(await readFile(target, "utf8")).toBe("new");
    // A folder in the way makes the rename fail: the old content must not be touched, no temp left.
    const blocked = join(dataDir, "dir");
    await writeFile(join(dataDir, "keep"), "");
    await import("node:fs/promises").then((fs) => fs.mkdir(join(blocked, "inside"), { recursive: true }));
    await expect(writeFileAtomic(blocked, "data")).rejects.toThrow();
    expect((await readdir(dataDir)).sort()).toEqual(["dir", "keep", "x.json"]);
  });
});
