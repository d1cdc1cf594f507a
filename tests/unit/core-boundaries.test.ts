/**
 * The process boundaries from architecture.md, enforced: `shared/` imports only zod and itself;
 * `electron/core/` and `shared/` never import `electron`. Reading the sources is enough.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

async function sources(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(ROOT, folder), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

function imports(text: string): string[] {
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
}

describe("process boundaries", () => {
  it("shared/ imports nothing but zod and shared/", async () => {
    const files = await sources("shared");
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      for (const spec of imports(await readFile(file, "utf8"))) {
        const ok = spec === "zod" || (spec.startsWith(".") && !relative(join(ROOT, "shared"), join(file, "..", spec)).startsWith(".."));
        expect(ok, `${relative(ROOT, file)} imports '${spec}'`).toBe(true);
      }
    }
  });

  it("electron/core/ never imports electron", async () => {
    for (const file of await sources("electron/core")) {
      for (const spec of imports(await readFile(file, "utf8"))) {
        expect(spec === "electron" || spec.startsWith("electron/"), `${relative(ROOT, file)} imports '${spec}'`).toBe(false);
      }
    }
  });
});
