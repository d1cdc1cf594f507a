#!/usr/bin/env node
// The `ragents` command. The sources are TypeScript run through tsx's loader, so the CLI,
// the engine child process and the headless host need no separate build step.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register();
const cli = new URL("../electron/cli.ts", import.meta.url);
const { main } = await import(fileURLToPath(cli));
await main(process.argv.slice(2));
