/**
 * The Content-Security-Policy both hosts send with the renderer's HTML. Nothing inline, nothing
 * remote: the bundle's own scripts and styles, and (for the headless host) its own WebSocket.
 * React's `style={…}` goes through the CSSOM, which CSP does not govern, so no 'unsafe-inline'.
 */
export function contentSecurityPolicy(options: { connect: "self" | "none" }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${options.connect === "self" ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join("; ");
}
