/**
 * Serves the renderer bundle on app://ragents/ instead of file://, which would give the page the
 * whole disk as its origin. Only files inside the bundle folder, with the strict CSP on each.
 */
import { protocol } from "electron";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { contentSecurityPolicy } from "../../shared/security/content-security-policy.js";
import { APP_HOST, APP_SCHEME } from "./app-origin.js";

const MIME_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

/** IPC needs no network, so the shell's CSP allows no connections at all. */
const CSP = contentSecurityPolicy({ connect: "none" });

/** Must run before `app.ready`: a standard, secure scheme gets a real origin and fetch support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveAppProtocol(bundleDir: string): void {
  // resolve() drops a trailing slash, so `root + sep` below is exactly the folder's prefix.
  const root = resolve(bundleDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, "") || "index.html";
    const file = normalize(join(root, relative));
    if (url.host !== APP_HOST || !file.startsWith(root + sep)) return new Response("not found", { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          "Content-Type": MIME_TYPES[extname(file)] ?? "application/octet-stream",
          "Content-Security-Policy": CSP,
          "X-Content-Type-Options": "nosniff",
        },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
}
