/**
 * `npm run bench`: runs every `tests/bench/*-bench.ts`, prints one table and writes
 * `bench-results/bench.json`. `npm run bench -- engine` runs only benches whose name matches.
 * Speed figures live here, never in `npm test`: shared machines are too noisy for timed asserts.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { arch, cpus, platform, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { meetsTarget, type Bench, type BenchRow } from "./bench-kit.js";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = (await readdir(here)).filter((f) => f.endsWith("-bench.ts")).sort();
const rows: BenchRow[] = [];
for (const file of files) {
  const bench = (await import(pathToFileURL(join(here, file)).href)).default as Bench;
  if (filter && !bench.name.includes(filter)) continue;
  process.stderr.write(`\n== ${bench.name}\n`);
  rows.push(...await bench.run((line) => process.stderr.write(`   ${line}\n`)));
}

const table = rows.map((r) => {
  const ok = meetsTarget(r);
  return [r.bench, r.figure, `${Number(r.value.toPrecision(4))} ${r.unit}`, r.target ?? "", ok === undefined ? "" : ok ? "met" : "MISSED"];
});
const header = ["bench", "figure", "value", "target", ""];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
for (const row of table) console.log(line(row));

const out = join(here, "..", "..", "bench-results", "bench.json");
await mkdir(dirname(out), { recursive: true });
const machine = { platform: platform(), arch: arch(), cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemBytes: totalmem(), node: process.version };
await writeFile(out, JSON.stringify({ at: new Date().toISOString(), machine, rows: rows.map((r) => ({ ...r, met: meetsTarget(r) })) }, null, 2));
console.log(`\nwrote ${out}`);
process.exit(0);
