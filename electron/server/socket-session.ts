/**
 * One renderer's WebSocket: every incoming message is checked (size, JSON, frame shape) before
 * the contract dispatcher sees it, and every failure becomes an error reply on the same socket.
 * Nothing a client sends can throw out of here: a bad frame costs that frame, not the host.
 */
import type { RawData, WebSocket } from "ws";
import type { ContractError } from "../../shared/contract/errors.js";
import { MAX_REQUEST_BYTES, requestFrameSchema, type ResponseFrame } from "../../shared/transport/ws-protocol.js";

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ContractError };
export type Dispatch = (channel: string, payload: unknown) => Promise<DispatchResult>;

/** Requests one socket may have in flight; more are refused rather than queued without bound. */
export const MAX_IN_FLIGHT = 64;

export function attachSession(socket: WebSocket, dispatch: Dispatch, log: (line: string) => void): void {
  let inFlight = 0;
  const reply = (frame: ResponseFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const refuse = (id: number | null, message: string) => reply({ type: "response", id, ok: false, error: { code: "bad_request", message } });

  socket.on("message", (data: RawData, isBinary: boolean) => {
    const bytes = rawLength(data);
    if (isBinary) return refuse(null, "frames must be text (JSON), not binary");
    if (bytes > MAX_REQUEST_BYTES) return refuse(null, `request is ${bytes} bytes; the limit is ${MAX_REQUEST_BYTES}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      return refuse(null, "request is not valid JSON");
    }
    const frame = requestFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = idOf(parsed);
      return refuse(id, `request frame must be {type:"request", id, channel, payload}: ${frame.error.issues[0]?.message ?? "invalid"}`);
    }
    const { id, channel, payload } = frame.data;
    if (inFlight >= MAX_IN_FLIGHT) return refuse(id, `too many requests in flight (limit ${MAX_IN_FLIGHT})`);
    inFlight += 1;
    dispatch(channel, payload ?? {})
      .then((outcome) => reply({ type: "response", id, ...outcome }))
      .catch((error: unknown) => {
        // The dispatcher already maps errors; reaching here is a defect, logged but never sent as a stack.
        log(`socket: dispatch of ${channel} failed: ${error instanceof Error ? error.stack : String(error)}`);
        reply({ type: "response", id, ok: false, error: { code: "internal", message: "internal error" } });
      })
      .finally(() => {
        inFlight -= 1;
      });
  });
  socket.on("error", (error) => log(`socket: ${error.message}`));
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}

/** Echo the id of a malformed frame when it has a usable one, so the client can fail that call. */
function idOf(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === "number" && Number.isInteger(id) && id >= 0 && id <= 2 ** 31 ? id : null;
}
