/**
 * The frames that carry the contract over the headless host's one WebSocket.
 * The contract itself (channels, payloads, events) lives in `shared/contract/`; this file only
 * says how a request, its answer and a batch of events are wrapped, so both ends parse the same
 * shapes. Events travel in batches so the message rate stays bounded whatever the core emits.
 */
import { z } from "zod";
import { MAX_REQUEST_BYTES } from "../contract/common.js";
import { contractErrorSchema } from "../contract/errors.js";

/** Largest text frame the host accepts as a request (the contract's limit); bigger gets `bad_request`. */
export { MAX_REQUEST_BYTES };

/** Path of the socket on the host; the token rides in `?token=` because browsers cannot set headers on a WebSocket. */
export const SOCKET_PATH = "/ws";

const requestId = z.number().int().nonnegative().max(2 ** 31);

/** Renderer → host: invoke one contract channel. */
export const requestFrameSchema = z.strictObject({
  type: z.literal("request"),
  id: requestId,
  channel: z.string().min(1).max(120),
  payload: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

/** Errors are the contract's own `{ code, message }`; the transport adds no codes of its own. */
const wireErrorSchema = contractErrorSchema;

/** Host → renderer: the answer to one request. `id` is null when the request was too broken to have one. */
export const responseFrameSchema = z.discriminatedUnion("ok", [
  z.object({ type: z.literal("response"), id: requestId.nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal("response"), id: requestId.nullable(), ok: z.literal(false), error: wireErrorSchema }),
]);
export type ResponseFrame = z.infer<typeof responseFrameSchema>;

/** Host → renderer: events pushed since the last batch, oldest first. */
export const eventsFrameSchema = z.object({
  type: z.literal("events"),
  events: z.array(z.object({ event: z.string(), payload: z.unknown() })),
});
export type EventsFrame = z.infer<typeof eventsFrameSchema>;

export const hostFrameSchema = z.union([responseFrameSchema, eventsFrameSchema]);
export type HostFrame = z.infer<typeof hostFrameSchema>;
