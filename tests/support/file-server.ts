/**
 * A loopback HTTP file server for pull tests: serves files with Range support (as real hosts
 * do), records the requests it saw, and can cut a response short once to simulate a dropped
 * connection.
 */
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";

export interface FileServer {
  url: (name: string) => string;
  requests: { path: string; range: string | undefined }[];
  /** The next response for this file stops after `bytes` bytes and the socket is destroyed. */
  dropNextAfter: (name: string, bytes: number) => void;
  /** The next response for this file sends its first chunk, then stalls until released. */
  stallNext: (name: string) => () => void;
  /** Resolves when a client hangs up on a response for this file before it was complete. */
  clientGaveUp: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function startFileServer(files: Record<string, string | Buffer>): Promise<FileServer> {
  const drops = new Map<string, number>();
  const stalls = new Map<string, Promise<void>>();
  const requests: FileServer["requests"] = [];
  const gaveUp = new Map<string, () => void>();
  const gaveUpPromises = new Map<string, Promise<void>>();
  const gaveUpPromise = (name: string) => {
    let p = gaveUpPromises.get(name);
    if (!p) { p = new Promise<void>((r) => gaveUp.set(name, r)); gaveUpPromises.set(name, p); }
    return p;
  };
  const server: Server = createServer(async (req, res) => {
    const name = decodeURIComponent((req.url ?? "/").slice(1).split("?")[0]!);
    requests.push({ path: name, range: req.headers.range });
    gaveUpPromise(name);
    res.on("close", () => { if (!res.writableFinished) gaveUp.get(name)?.(); });
    const source = files[name];
    if (source === undefined) return void res.writeHead(404).end("not found");
    const body = typeof source === "string" ? await readFile(source) : source;
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (range) {
      start = Number(range[1]);
      if (start >= body.length) return void res.writeHead(416, { "Content-Range": `bytes */${body.length}` }).end();
      res.writeHead(206, { "Content-Length": body.length - start, "Content-Range": `bytes ${start}-${body.length - 1}/${body.length}` });
    } else {
      res.writeHead(200, { "Content-Length": body.length, "Content-Type": "application/octet-stream" });
    }
    const slice = body.subarray(start);
    const drop = drops.get(name);
    if (drop !== undefined) {
      drops.delete(name);
      res.write(slice.subarray(0, drop), () => res.destroy());
      return;
    }
    const stall = stalls.get(name);
    if (stall) {
      stalls.delete(name);
      res.write(slice.subarray(0, 64 * 1024));
      await stall;
      res.end(slice.subarray(64 * 1024));
      return;
    }
    res.end(slice);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    requests,
    dropNextAfter: (name, bytes) => drops.set(name, bytes),
    clientGaveUp: gaveUpPromise,
    stallNext: (name) => {
      let release!: () => void;
      stalls.set(name, new Promise<void>((r) => (release = r)));
      return () => release();
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
