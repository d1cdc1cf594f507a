#!/usr/bin/env node
// `npm start`: build everything, then run the Electron shell. The Electron binary is downloaded
// by electron's own install script, which this project does not run by default (see
// allowScripts in package.json); without it, say so plainly instead of failing deep inside.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve("electron/package.json"));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, "path.txt");
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, "dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : null;
}

const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, "electron") : electronBinary();
if (!binary || !existsSync(binary)) {
  process.stderr.write(
    "rAgents: the Electron binary is not installed, so the desktop shell cannot start.\n" +
      "  Install it with `npx install-electron` (or allow electron's install script in package.json's\n" +
      "  allowScripts and run `npm rebuild electron`), then run `npm start` again.\n" +
      "  Without Electron, `npm run serve` runs the same control center in your browser.\n",
  );
  process.exit(1);
}

const run = (command, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });

await run(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"]);
await run(process.execPath, [join(root, "scripts/build-shell.mjs")]);
const shell = spawn(binary, [root], { cwd: root, stdio: "inherit" });
shell.on("exit", (code) => process.exit(code ?? 0));
