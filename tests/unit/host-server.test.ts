/**
 * The headless host's transport, in-process with a stand-in core: token checks, static files and
 * their headers, and every kind of bad WebSocket message, which must get an error reply and
 * leave the host (and the socket) working.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { RagentsError, type Channel } from "../../shared/contract/index.js";
import { MAX_REQUEST_BYTES, type HostFrame } from "../../shared/transport/ws-protocol.js";
import { createDispatch } from "../../electron/server/contract-dispatch.js";
import { startHostServer, type HostServer } from "../../electron/server/host-server.js";

const TOKEN = "t".repeat(43);
const calls: Array<{ channel: Channel; payload: unknown }> = [];
const listeners = new Map<string, (payload: unknown) => void>();
const fakeCore = {
  async handle(channel: Channel, payload: unknown): Promise<unknown> {
    calls.push({ channel, payload });
    if (channel === "fleet:unload") throw new RagentsError("not_found", "model 'x:latest' is not loaded on builtin");
    if (channel === "fleet:delete") throw new Error("disk on fire at /secret/path");
    return { revision: 1, endpoints: [], pulls: [] };
  },
};

let host: HostServer;
let root: string;
const logs: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ragents-host-"));
  const bundle = join(root, "bundle");
  await mkdir(join(bundle, "assets"), { recursive: true });
  await writeFile(join(bundle, "index.html"), "<!doctype html><title>rAgents</title>");
  await writeFile(join(bundle, "assets", "app.js"), "console.log(1)");
  await writeFile(join(root, "secret.txt"), "outside the bundle");
  host = await startHostServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    bundleDir: bundle,
    version: "9.9.9",
    dispatch: createDispatch(fakeCore, (line) => logs.push(line)),
    subscribe: (event, handler) => {
      listeners.set(event, handler);
      return () => listeners.delete(event);
    },
    eventNames: ["fleet:changed", "system:changed"],
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

async function openSocket(): Promise<{ socket: WebSocket; next: () => Promise<HostFrame> }> {
  const socket = new WebSocket(`${host.origin.replace("http", "ws")}/ws?token=${TOKEN}`);
  const queue: HostFrame[] = [];
  const waiting: Array<(frame: HostFrame) => void> = [];
  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as HostFrame;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else queue.push(frame);
  });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const next = () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<HostFrame>((resolve) => waiting.push(resolve)));
  return { socket, next };
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once("unexpected-response", (_request, response) => resolve(response.statusCode));
    socket.once("open", () => {
      socket.close();
      reject(new Error("socket opened"));
    });
  });
}

describe("HTTP", () => {
  it("answers /healthz without a token, and without secrets", async () => {
    const response = await fetch(`${host.origin}/healthz`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ok: true, version: "9.9.9" });
    expect(Object.keys(body).sort()).toEqual(["ok", "uptimeSeconds", "version"]);
  });

  it("serves the bundle with a strict CSP on the HTML, and nothing outside it", async () => {
    const html = await fetch(`${host.origin}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get("content-type")).toContain("javascript");
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/nope.js"]) {
      const response = await fetch(`${host.origin}${path}`);
      expect(response.status, path).toBe(404);
    }
    expect((await fetch(`${host.origin}/`, { method: "DELETE" })).status).toBe(405);
  });

  it("refuses the API without the right token (401) and runs it with one", async () => {
    expect((await fetch(`${host.origin}/api/fleet:list`, { method: "POST" })).status).toBe(401);
    const wrong = await fetch(`${host.origin}/api/fleet:list`, { method: "POST", headers: { Authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const before = calls.length;
    const ok = await fetch(`${host.origin}/api/fleet:list`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, body: "{}" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ result: { revision: 1, endpoints: [], pulls: [] } });
    expect(calls.length).toBe(before + 1);
    const bad = await fetch(`${host.origin}/api/fleet:list`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, body: "{nope" });
    expect(bad.status).toBe(400);
  });
});

describe("WebSocket", () => {
  it("refuses the upgrade without the token, with a wrong one, or from another site's page", async () => {
    const base = `${host.origin.replace("http", "ws")}/ws`;
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${"x".repeat(43)}`)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${TOKEN}`, { Origin: "http://evil.example" })).toBe(403);
  });

  it("answers every bad message with a bad_request error and keeps serving", async () => {
    const { socket, next } = await openSocket();
    const before = calls.length;

    socket.send("this is not json");
    expect(await next()).toMatchObject({ type: "response", id: null, ok: false, error: { code: "bad_request", message: "request is not valid JSON" } });

    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await next()).toMatchObject({ ok: false, error: { code: "bad_request" } });

    socket.send(JSON.stringify({ type: "request", id: 7, channel: "fleet:list", payload: { pad: "x".repeat(MAX_REQUEST_BYTES) } }));
    const tooBig = await next();
    expect(tooBig).toMatchObject({ ok: false, error: { code: "bad_request" } });
    expect(JSON.stringify(tooBig)).toContain(`limit is ${MAX_REQUEST_BYTES}`);

    socket.send(JSON.stringify({ type: "request", id: 8, channel: 42 }));
    expect(await next()).toMatchObject({ id: 8, ok: false, error: { code: "bad_request" } });

    socket.send(JSON.stringify({ type: "request", id: 9, channel: "fleet:explode", payload: {} }));
    expect(await next()).toMatchObject({ id: 9, ok: false, error: { code: "bad_request", message: "unknown channel 'fleet:explode'" } });

    socket.send(JSON.stringify({ type: "request", id: 10, channel: "fleet:load", payload: { endpointId: "builtin", model: "../../etc/passwd" } }));
    const traversal = await next();
    expect(traversal).toMatchObject({ id: 10, ok: false, error: { code: "bad_request" } });
    expect(JSON.stringify(traversal)).toContain("model name must not contain '..'");

    // Nothing malformed reached the core.
    expect(calls.length).toBe(before);

    socket.send(JSON.stringify({ type: "request", id: 11, channel: "fleet:list", payload: {} }));
    expect(await next()).toEqual({ type: "response", id: 11, ok: true, result: { revision: 1, endpoints: [], pulls: [] } });
    socket.close();
  });

  it("passes the core's errors as {code, message}, and hides what a defect would leak", async () => {
    const { socket, next } = await openSocket();
    socket.send(JSON.stringify({ type: "request", id: 1, channel: "fleet:unload", payload: { endpointId: "builtin", model: "x" } }));
    expect(await next()).toEqual({ type: "response", id: 1, ok: false, error: { code: "not_found", message: "model 'x:latest' is not loaded on builtin" } });
    socket.send(JSON.stringify({ type: "request", id: 2, channel: "fleet:delete", payload: { endpointId: "builtin", model: "x", confirm: true } }));
    const defect = await next();
    expect(defect).toMatchObject({ id: 2, ok: false, error: { code: "internal" } });
    expect(JSON.stringify(defect)).not.toContain("    at ");
    socket.close();
  });

  it("pushes events in batches: a burst arrives as one frame, in order", async () => {
    const { socket, next } = await openSocket();
    const emit = listeners.get("system:changed")!;
    for (let i = 0; i < 200; i++) emit({ i });
    const frame = await next();
    expect(frame.type).toBe("events");
    if (frame.type !== "events") return;
    expect(frame.events).toHaveLength(200);
    expect(frame.events.map((e) => (e.payload as { i: number }).i)).toEqual([...Array(200).keys()]);
    expect(frame.events[0]!.event).toBe("system:changed");
    socket.close();
  });
});
