/**
 * The headless host's HTTP side: `/healthz` (open), the contract over `/ws` and `POST /api/<channel>`
 * (token required, 401 without), and the renderer bundle (open: it holds no secrets). Transport
 * only: what a channel does is the dispatcher's business.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { ErrorCode } from "../../shared/contract/errors.js";
import { MAX_REQUEST_BYTES, SOCKET_PATH } from "../../shared/transport/ws-protocol.js";
import { tokenFromRequest, tokenMatches } from "./access-token.js";
import { EventFanout } from "./event-fanout.js";
import { attachSession, type Dispatch } from "./socket-session.js";
import { baseSecurityHeaders, serveStatic } from "./static-files.js";

export interface HostServerOptions {
  host: string;
  port: number;
  token: string;
  bundleDir: string;
  version: string;
  dispatch: Dispatch;
  subscribe: (event: string, handler: (payload: unknown) => void) => () => void;
  eventNames: readonly string[];
  log: (line: string) => void;
}

export interface HostServer {
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  origin: string;
  port: number;
  close(): Promise<void>;
}

const API_PREFIX = "/api/";

/** The contract's error codes as HTTP statuses, for scripts calling `POST /api/<channel>`. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400, forbidden: 403, not_found: 404, conflict: 409, internal: 500, unavailable: 503,
};

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const started = Date.now();
  // ws's own ceiling sits above the contract's so an oversized request still gets a polite
  // error reply; only something absurd (16×) has the connection closed with 1009.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES * 16 });
  const fanout = new EventFanout(options.subscribe, options.eventNames);

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      options.log(`http: ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { ...baseSecurityHeaders(), "Content-Type": "text/plain" });
      res.end("internal error\n");
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (url.pathname === "/healthz") {
      // Deliberately bare: no token, no paths, no settings. Just enough to know it is up.
      return sendJson(res, 200, { ok: true, version: options.version, uptimeSeconds: Math.round((Date.now() - started) / 1000) });
    }
    if (url.pathname === SOCKET_PATH || url.pathname.startsWith(API_PREFIX)) {
      if (!tokenMatches(options.token, tokenFromRequest(req.headers, url))) {
        return sendJson(res, 401, { error: { code: "forbidden", message: "missing or wrong token" } });
      }
      if (url.pathname === SOCKET_PATH) return sendJson(res, 426, { error: { code: "bad_request", message: "use a WebSocket upgrade" } });
      return handleApi(req, res, url.pathname.slice(API_PREFIX.length));
    }
    return serveStatic(options.bundleDir, req, res, url.pathname);
  }

  /** `POST /api/<channel>` with a JSON body: the contract for scripts, with a Bearer token. */
  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { error: { code: "bad_request", message: "use POST" } });
    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (body === null) return sendJson(res, 413, { error: { code: "bad_request", message: `request is larger than ${MAX_REQUEST_BYTES} bytes` } });
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sendJson(res, 400, { error: { code: "bad_request", message: "request body is not valid JSON" } });
    }
    const outcome = await options.dispatch(decodeURIComponent(channel), payload);
    if (outcome.ok) return sendJson(res, 200, { result: outcome.result });
    return sendJson(res, HTTP_STATUS[outcome.error.code] ?? 500, { error: outcome.error });
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req);
    const deny = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== SOCKET_PATH) return deny(404, "Not Found");
    if (!tokenMatches(options.token, tokenFromRequest(req.headers, url))) return deny(401, "Unauthorized");
    // A page from another site must not ride on a token it somehow learned: same origin only.
    if (!originAllowed(req)) return deny(403, "Forbidden");
    sockets.handleUpgrade(req, socket, head, (ws) => {
      attachSession(ws, options.dispatch, options.log);
      fanout.add(ws);
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    origin: `http://${formatHost(options.host)}:${address.port}`,
    port: address.port,
    close: () => closeAll(server, sockets, fanout),
  };
}

function requestUrl(req: IncomingMessage): URL {
  // The Host header is only used to build a URL object; routing looks at the path alone.
  return new URL(req.url ?? "/", "http://host.invalid");
}

/** Browsers always send Origin on a WebSocket; non-browser clients (tests, scripts) may omit it. */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...baseSecurityHeaders(), "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Drain to the end even when too large: stopping early would tear down the socket before the 413.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks).toString("utf8");
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

async function closeAll(server: Server, sockets: WebSocketServer, fanout: EventFanout): Promise<void> {
  fanout.close();
  for (const client of sockets.clients) client.terminate();
  await new Promise<void>((resolve) => sockets.close(() => resolve()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
