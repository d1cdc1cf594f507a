/**
 * Headless host benchmarks (issue #3), against a real `ragents serve` child process:
 * - contract round trip over the WebSocket: p50/p99 of a small request (target p50 <= 0.5 ms);
 * - event volume pushed to the renderer while a model streams at full speed (target <= 20/s);
 * - idle cost of the core with 3 endpoints polled: RSS and CPU% of one core over 60 s
 *   (targets <= 120 MB, <= 1 %). `RAGENTS_BENCH_IDLE_SECONDS` shortens the window for a quick look.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ollama } from "ollama";
import { WebSocket } from "ws";
import { EngineSupervisor } from "../../electron/core/engine-supervisor.js";
import { makeRandomModel } from "../../electron/engine/gguf/random-model.js";
import { makeTempDir } from "../support/engine.js";
import { median, percentile, type Bench, type BenchRow } from "./bench-kit.js";

const CLI = fileURLToPath(new URL("../../bin/ragents.mjs", import.meta.url));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Host { child: ChildProcess; origin: string; token: string }

async function startHost(dataDir: string): Promise<Host> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--data", dataDir, "--isolated"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.resume();
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (l) => { if (l.startsWith("listening ")) resolve(l); });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const url = new URL(line.slice("listening ".length));
  return { child, origin: url.origin, token: new URLSearchParams(url.hash.slice(1)).get("token")! };
}

class Socket {
  private next = 1;
  private pending = new Map<number, (frame: any) => void>();
  eventFrames: number[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === "events") this.eventFrames.push(performance.now());
      else this.pending.get(frame.id)?.(frame);
    });
  }
  static async open(host: Host): Promise<Socket> {
    const ws = new WebSocket(`${host.origin.replace("http", "ws")}/ws?token=${host.token}`);
    await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
    return new Socket(ws);
  }
  request(channel: string, payload: unknown = {}): Promise<any> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (frame) => {
        this.pending.delete(id);
        if (frame.ok) resolve(frame.result); else reject(new Error(`${channel}: ${frame.error.message}`));
      });
      this.ws.send(JSON.stringify({ type: "request", id, channel, payload }));
    });
  }
}

async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function roundTrip(socket: Socket, log: (l: string) => void): Promise<BenchRow[]> {
  for (let i = 0; i < 200; i++) await socket.request("settings:get");
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    await socket.request("settings:get");
    samples.push(performance.now() - started);
  }
  log(`round trip: p50 ${median(samples).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms over ${samples.length}`);
  return [
    { bench: "host", figure: "contract round trip over WebSocket, p50", value: median(samples), unit: "ms", target: "<= 0.5", detail: "settings:get, 2000 sequential" },
    { bench: "host", figure: "contract round trip over WebSocket, p99", value: percentile(samples, 99), unit: "ms" },
  ];
}

async function eventVolume(socket: Socket, log: (l: string) => void): Promise<BenchRow[]> {
  const fleet = await socket.request("fleet:list");
  const builtin = fleet.endpoints.find((e: { id: string }) => e.id === "builtin");
  const ollama = new Ollama({ host: builtin.url });
  const model = (await ollama.list()).models[0]!.name;
  socket.eventFrames = [];
  const started = performance.now();
  // Full speed: the core's own benchmark action streaming, plus generations straight at the engine.
  const streams = Array.from({ length: 2 }, (_, i) => ollama.generate({
    model, prompt: `flood ${i}`, stream: false,
    format: { type: "array", items: { enum: ["x"] }, minItems: 300 }, options: { num_predict: 1500 },
  }));
  const bench = socket.request("fleet:benchmark", { endpointId: builtin.id, model, maxTokens: 512 });
  const results = await Promise.all(streams);
  await bench;
  const seconds = (performance.now() - started) / 1000;
  const tokens = results.reduce((s, r) => s + (r.eval_count ?? 0), 0);
  const frames = socket.eventFrames.filter((t) => t >= started);
  let worst = 0;
  for (const t of frames) worst = Math.max(worst, frames.filter((u) => u >= t && u < t + 1000).length);
  log(`event volume: ${frames.length} frames in ${seconds.toFixed(1)} s while ${tokens} tokens streamed (${(tokens / seconds).toFixed(0)} tok/s)`);
  return [
    { bench: "host", figure: "event frames to the renderer, busiest second, while streaming", value: worst, unit: "msg/s", target: "<= 20", detail: `${(tokens / seconds).toFixed(0)} tok/s streaming` },
    { bench: "host", figure: "event frames to the renderer, mean, while streaming", value: frames.length / seconds, unit: "msg/s" },
  ];
}

async function idleCost(host: Host, socket: Socket, log: (l: string) => void): Promise<BenchRow[]> {
  // Two more endpoints for the core to poll, each a real engine: three in all with the built-in one.
  const extra: EngineSupervisor[] = [];
  for (let i = 0; i < 2; i++) {
    const modelsDir = await makeTempDir("ragents-bench-remote-");
    await makeRandomModel({ out: join(modelsDir, `remote-${i}.gguf`), seed: 30 + i });
    const supervisor = new EngineSupervisor({ modelsDir, extraArgs: ["--ollama-models", "none", "--threads", "1"] });
    const url = await supervisor.start();
    extra.push(supervisor);
    await socket.request("endpoints:add", { name: `remote ${i}`, url });
  }
  const seconds = Number(process.env.RAGENTS_BENCH_IDLE_SECONDS ?? 60);
  const pid = host.child.pid!;
  await new Promise((r) => setTimeout(r, 3000)); // let the additions settle before the window opens
  const before = await cpuTicks(pid);
  const startedAt = performance.now();
  socket.eventFrames = [];
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = ((await cpuTicks(pid)) - before) / TICKS_PER_SECOND / ((performance.now() - startedAt) / 1000) * 100;
  const rss = await rssBytes(pid);
  const endpoints = (await socket.request("fleet:list")).endpoints.length;
  for (const s of extra) await s.stop();
  log(`idle: ${endpoints} endpoints polled for ${seconds} s: CPU ${cpu.toFixed(2)} % of one core, RSS ${(rss / 2 ** 20).toFixed(1)} MB, ${socket.eventFrames.length} event frames`);
  return [
    { bench: "host", figure: `idle core, ${endpoints} endpoints polled: CPU over ${seconds} s`, value: cpu, unit: "% of a core", target: "<= 1" },
    { bench: "host", figure: `idle core, ${endpoints} endpoints polled: RSS`, value: rss / 2 ** 20, unit: "MB", target: "<= 120" },
  ];
}

const bench: Bench = {
  name: "host",
  run: async (log) => {
    const dataDir = await makeTempDir("ragents-bench-host-");
    const host = await startHost(dataDir);
    try {
      const socket = await Socket.open(host);
      // The core starts the built-in engine on its own; wait until it lists a model.
      for (let i = 0; i < 600; i++) {
        const fleet = await socket.request("fleet:list");
        if (fleet.endpoints.some((e: { id: string; status: string; installed: unknown[] }) => e.id === "builtin" && e.status === "up" && e.installed.length > 0)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const rows = [...await roundTrip(socket, log), ...await eventVolume(socket, log), ...await idleCost(host, socket, log)];
      socket.ws.close();
      return rows;
    } finally {
      host.child.kill("SIGTERM");
      await new Promise((r) => host.child.once("exit", r));
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;
