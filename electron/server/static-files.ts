/**
 * Serves the built renderer bundle. Only files inside the bundle folder, only GET/HEAD, with the
 * security headers on every answer and the CSP on the HTML. The bundle holds no secrets (the token
 * travels in the URL fragment, which browsers never send), so these files need no token.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { contentSecurityPolicy } from "../../shared/security/content-security-policy.js";

const MIME_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

export const HTML_CSP = contentSecurityPolicy({ connect: "self" });

/** Headers every answer of the host carries, API and static alike. */
export function baseSecurityHeaders(): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
}

/** Maps a URL path to a file inside `root`, or null when it would step outside it. */
export function resolveBundlePath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const relative = decoded === "/" || decoded === "" ? "index.html" : decoded.replace(/^\/+/, "");
  const full = normalize(join(root, relative));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...baseSecurityHeaders(), Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("method not allowed\n");
    return;
  }
  const file = resolveBundlePath(root, urlPath);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    res.writeHead(404, { ...baseSecurityHeaders(), "Content-Type": "text/plain" }).end("not found\n");
    return;
  }
  const ext = extname(file);
  const isHtml = ext === ".html";
  res.writeHead(200, {
    ...baseSecurityHeaders(),
    "Content-Type": MIME_TYPES[ext] ?? "application/octet-stream",
    "Content-Length": String(info.size),
    // Hashed asset names change with their content; the HTML must always be fetched fresh.
    "Cache-Control": isHtml ? "no-store" : "public, max-age=31536000, immutable",
    ...(isHtml ? { "Content-Security-Policy": HTML_CSP } : {}),
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(file).on("error", () => res.destroy()).pipe(res);
}
