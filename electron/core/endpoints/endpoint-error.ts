/**
 * Turns whatever a request to an endpoint threw (refused connection, timeout, HTTP error,
 * garbage body) into a contract error with a short reason a person can act on.
 */
import { RagentsError, type ErrorCode } from "../../../shared/contract/index.js";

export class EndpointError extends RagentsError {
  constructor(code: ErrorCode, readonly reason: string) {
    super(code, reason);
    this.name = "EndpointError";
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_HEADERS_TIMEOUT: "timed out waiting for headers",
  UND_ERR_BODY_TIMEOUT: "timed out reading the response",
  CERT_HAS_EXPIRED: "TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
};

/** The first `code` along an error's cause chain (fetch wraps socket errors in `TypeError: fetch failed`). */
function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** `what` names the operation ("GET /api/tags"), so the reason says where it went wrong. */
export function toEndpointError(error: unknown, what: string, timeoutMs?: number): EndpointError {
  if (error instanceof EndpointError) return error;
  const name = (error as { name?: unknown })?.name;
  if (name === "TimeoutError") {
    return new EndpointError("unavailable", `timed out after ${formatMs(timeoutMs)} (${what})`);
  }
  if (name === "AbortError") return new EndpointError("unavailable", `aborted (${what})`);
  const status = (error as { status_code?: unknown })?.status_code;
  if (typeof status === "number") {
    const message = String((error as Error).message || `HTTP ${status}`).slice(0, 300);
    if (status === 404) return new EndpointError("not_found", message);
    if (status === 400) return new EndpointError("bad_request", message);
    if (status === 401 || status === 403) return new EndpointError("unavailable", `HTTP ${status}: not authorized (check the token)`);
    return new EndpointError("unavailable", `HTTP ${status}: ${message} (${what})`);
  }
  const code = causeCode(error);
  if (code && NETWORK_REASONS[code]) return new EndpointError("unavailable", NETWORK_REASONS[code]);
  // fetch says only "fetch failed"; the useful words are in its cause ("bad port", "other side closed").
  const cause = (error as { cause?: { message?: unknown } })?.cause?.message;
  if (error instanceof TypeError && typeof cause === "string" && cause) {
    return new EndpointError("unavailable", `${cause.slice(0, 200)} (${what})`);
  }
  if (error instanceof SyntaxError) return new EndpointError("unavailable", `answered with something that is not JSON (${what})`);
  const message = error instanceof Error ? error.message : String(error);
  return new EndpointError("unavailable", `${message.slice(0, 200)} (${what})`);
}

function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "the time limit";
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
