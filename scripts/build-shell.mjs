#!/usr/bin/env node
// Builds the Electron shell: main (ESM, Node side) to out/main/, the sandboxed preload (CommonJS,
// everything but `electron` bundled in, since a sandboxed preload cannot require node_modules)
// to out/preload/. The renderer is built separately by Vite (`npm run build:renderer`).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

await Promise.all([
  build({
    absWorkingDir: root,
    entryPoints: ["electron/main/index.ts"],
    outfile: "out/main/index.js",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    // npm packages (native addons among them) load from node_modules at run time.
    packages: "external",
    external: ["electron"],
    sourcemap: true,
    logLevel: "warning",
  }),
  build({
    absWorkingDir: root,
    entryPoints: ["electron/preload/index.ts"],
    outfile: "out/preload/index.cjs",
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "chrome140",
    external: ["electron"],
    sourcemap: false,
    logLevel: "warning",
  }),
]);
process.stdout.write("built out/main/index.js and out/preload/index.cjs\n");
