/**
 * Makes sure the built renderer (`out/renderer/`) exists and is not older than its sources, so
 * `ragents serve` works on a fresh clone and never serves a stale UI after a `git pull`.
 * The build goes to a temporary folder and is swapped in, so a half-written bundle is never served.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BUNDLE_DIR = join(REPO_ROOT, "out", "renderer");
const SOURCE_ROOTS = ["renderer", "shared", "vite.config.ts"].map((p) => join(REPO_ROOT, p));

export async function ensureRendererBundle(log: (line: string) => void): Promise<string> {
  const index = join(BUNDLE_DIR, "index.html");
  const builtAt = existsSync(index) ? (await stat(index)).mtimeMs : 0;
  const sourcesAt = Math.max(...(await Promise.all(SOURCE_ROOTS.map(newestMtime))));
  if (builtAt > 0 && (sourcesAt === 0 || builtAt >= sourcesAt)) return BUNDLE_DIR;
  if (sourcesAt === 0) throw new Error(`no renderer bundle at ${BUNDLE_DIR} and no sources to build it from`);
  log(builtAt === 0 ? "building the renderer bundle (first run)…" : "renderer sources changed; rebuilding the bundle…");
  await buildRenderer(BUNDLE_DIR);
  return BUNDLE_DIR;
}

/** Runs Vite with the repo's `vite.config.ts`, writing to a temp folder that then replaces `outDir`. */
export async function buildRenderer(outDir: string): Promise<void> {
  let vite: typeof import("vite");
  try {
    vite = await import("vite");
  } catch {
    throw new Error("the renderer bundle is missing and Vite is not installed; run `npm ci && npm run build:renderer`");
  }
  const staging = `${outDir}.staging-${process.pid}`;
  await mkdir(dirname(outDir), { recursive: true });
  await vite.build({
    configFile: join(REPO_ROOT, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir: staging, emptyOutDir: true },
  });
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) await rename(outDir, old).catch(() => undefined);
  try {
    await rename(staging, outDir);
  } catch {
    // Another host built the same sources at the same moment and won the swap; theirs will do.
    await rm(staging, { recursive: true, force: true });
  }
  await rm(old, { recursive: true, force: true });
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}
