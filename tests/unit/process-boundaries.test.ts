/**
 * The process boundaries from architecture.md, enforced by reading the sources (as Signal's lint
 * rule does): `electron` is imported only by the Electron shell (electron/main, electron/preload);
 * `shared/` imports only zod and itself; the renderer reaches nothing but itself, shared/, React
 * and zustand; the headless host and the shell never import each other.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

async function sources(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(ROOT, folder), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
}

const isElectron = (spec: string) => spec === "electron" || spec.startsWith("electron/");
const inside = (file: string, spec: string, folder: string) => !relative(join(ROOT, folder), resolve(file, "..", spec)).startsWith("..");

/** Every import of every source file in `folder` must satisfy `ok`. */
async function expectImports(folder: string, ok: (file: string, spec: string) => boolean): Promise<void> {
  const files = await sources(folder);
  expect(files.length, `${folder} has sources`).toBeGreaterThan(0);
  for (const file of files) {
    for (const spec of await importsOf(file)) expect(ok(file, spec), `${relative(ROOT, file)} imports '${spec}'`).toBe(true);
  }
}

describe("process boundaries", () => {
  it.each(["electron/core", "electron/server", "electron/engine", "renderer", "shared"])("%s never imports electron", async (folder) => {
    await expectImports(folder, (_file, spec) => !isElectron(spec));
  });

  it("shared/ imports nothing but zod and shared/", async () => {
    await expectImports("shared", (file, spec) => spec === "zod" || (spec.startsWith(".") && inside(file, spec, "shared")));
  });

  it("the renderer imports only itself, shared/, React and zustand", async () => {
    const libraries = /^(react|react-dom|react-dom\/client|react\/jsx-runtime|zustand|zustand\/vanilla|zustand\/react\/shallow)$/;
    await expectImports("renderer", (file, spec) =>
      libraries.test(spec) || (spec.startsWith(".") && (inside(file, spec, "renderer") || inside(file, spec, "shared"))));
  });

  it.each([["electron/server", "electron/main"], ["electron/main", "electron/server"], ["electron/preload", "electron/server"]])(
    "%s does not import %s", async (folder, other) => {
      await expectImports(folder, (file, spec) => !(spec.startsWith(".") && inside(file, spec, other)));
    });
});
