import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TOKEN_FILE, loadOrCreateToken, tokenMatches } from "../../electron/server/access-token.js";
import { resolveDataDir } from "../../electron/server/data-dir.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ragents-token-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the host's access token", () => {
  it("is made once, stored 0600, and reused", async () => {
    const first = await loadOrCreateToken(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(join(dir, TOKEN_FILE))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateToken(dir)).toBe(first);
  });

  it("tightens a loosened file mode, and replaces a malformed token", async () => {
    const first = await loadOrCreateToken(dir);
    await chmod(join(dir, TOKEN_FILE), 0o644);
    expect(await loadOrCreateToken(dir)).toBe(first);
    expect((await stat(join(dir, TOKEN_FILE))).mode & 0o777).toBe(0o600);
    await writeFile(join(dir, TOKEN_FILE), "short\n");
    const replaced = await loadOrCreateToken(dir);
    expect(replaced).not.toBe(first);
    expect((await readFile(join(dir, TOKEN_FILE), "utf8")).trim()).toBe(replaced);
  });

  it("matches only the exact token", () => {
    const token = "a".repeat(43);
    expect(tokenMatches(token, token)).toBe(true);
    for (const candidate of [null, undefined, "", "a".repeat(42), `${token}a`, "b".repeat(43)]) expect(tokenMatches(token, candidate)).toBe(false);
  });
});

describe("the host's data folder", () => {
  it("takes --data over RAGENTS_DATA_DIR over the per-user default", () => {
    expect(resolveDataDir("/tmp/flag", { RAGENTS_DATA_DIR: "/tmp/env" })).toBe("/tmp/flag");
    expect(resolveDataDir(undefined, { RAGENTS_DATA_DIR: "/tmp/env" })).toBe("/tmp/env");
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: "/tmp/xdg" })).toBe(process.platform === "linux" ? "/tmp/xdg/rAgents" : resolveDataDir(undefined, {}));
  });
});
