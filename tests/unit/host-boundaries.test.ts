/**
 * The host side of the process boundaries (architecture.md): `electron` is imported only by the
 * Electron shell (electron/main, electron/preload); the renderer reaches nothing but shared/,
 * React and zustand; the headless host and the shell never import each other.
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

describe("host boundaries", () => {
  it("only electron/main and electron/preload import electron", async () => {
    for (const folder of ["electron/server", "electron/engine", "renderer", "shared"]) {
      for (const file of await sources(folder)) {
        for (const spec of await importsOf(file)) expect(isElectron(spec), `${relative(ROOT, file)} imports '${spec}'`).toBe(false);
      }
    }
  });

  it("the renderer imports only itself, shared/, React and zustand", async () => {
    const files = await sources("renderer");
    expect(files.length).toBeGreaterThan(10);
    const libraries = /^(react|react-dom|react-dom\/client|react\/jsx-runtime|zustand|zustand\/vanilla|zustand\/react\/shallow)$/;
    for (const file of files) {
      for (const spec of await importsOf(file)) {
        const ok = libraries.test(spec) || (spec.startsWith(".") && (inside(file, spec, "renderer") || inside(file, spec, "shared")));
        expect(ok, `${relative(ROOT, file)} imports '${spec}'`).toBe(true);
      }
    }
  });

  it("the two hosts do not import each other", async () => {
    for (const [folder, other] of [["electron/server", "electron/main"], ["electron/main", "electron/server"], ["electron/preload", "electron/server"]] as const) {
      for (const file of await sources(folder)) {
        for (const spec of await importsOf(file)) {
          expect(spec.startsWith(".") && inside(file, spec, other), `${relative(ROOT, file)} imports '${spec}'`).toBe(false);
        }
      }
    }
  });
});
