/**
 * The channel and event maps, and the parsers every receiving side uses.
 */
import { z } from "zod";
import { endpointsChannels } from "./endpoints.js";
import type { ContractError } from "./errors.js";
import { fleetChannels, fleetEvents } from "./fleet.js";
import { settingsChannels, settingsEvents } from "./settings.js";
import { systemChannels, systemEvents } from "./system.js";

/** Every request channel: `domain:action` → `{ request, response }`. */
export const channels = {
  ...fleetChannels,
  ...endpointsChannels,
  ...settingsChannels,
  ...systemChannels,
} as const;

/** Every event the core pushes: name → payload schema. */
export const events = {
  ...fleetEvents,
  ...settingsEvents,
  ...systemEvents,
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
/** What a caller sends (before defaults/normalisation). */
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]["request"]>;
/** What the core receives after parsing (URLs normalised, digests lowercased). */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof channels)[C]["request"]>;
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]["response"]>;
export type EventPayloadOf<E extends EventName> = z.output<(typeof events)[E]>;

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === "string" && Object.hasOwn(channels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === "string" && Object.hasOwn(events, name);
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; error: ContractError };

/** One readable line out of zod's issues: `url: URL must use http or https, not file`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

function parseWith<T>(schema: z.ZodType<T>, payload: unknown, what: string): Parsed<T> {
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, error: { code: "bad_request", message: `${what}: ${describeIssues(result.error)}` } };
}

const printable = (name: unknown) => String(name).slice(0, 64).replace(/[^\x20-\x7e]/g, "?");

/**
 * Validate a request for a channel. Unknown channels, wrong types, unknown fields and oversized
 * values all come back as a `bad_request` error naming the channel and the offending field.
 */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): Parsed<ParsedRequestOf<C>>;
export function parseRequest(channel: string, payload: unknown): Parsed<unknown>;
export function parseRequest(channel: string, payload: unknown): Parsed<unknown> {
  if (!isChannel(channel)) return { ok: false, error: { code: "bad_request", message: `unknown channel '${printable(channel)}'` } };
  return parseWith(channels[channel].request as z.ZodType, payload ?? {}, channel);
}

/** Validate a response (clients use it so a broken host cannot feed views a wrong shape). */
export function parseResponse<C extends Channel>(channel: C, payload: unknown): Parsed<ResponseOf<C>> {
  return parseWith(channels[channel].response as z.ZodType, payload, `${channel} response`) as Parsed<ResponseOf<C>>;
}

/** Validate an event payload; unknown event names are an error, not silently dropped. */
export function parseEvent<E extends EventName>(event: E, payload: unknown): Parsed<EventPayloadOf<E>>;
export function parseEvent(event: string, payload: unknown): Parsed<unknown>;
export function parseEvent(event: string, payload: unknown): Parsed<unknown> {
  if (!isEventName(event)) return { ok: false, error: { code: "bad_request", message: `unknown event '${printable(event)}'` } };
  return parseWith(events[event] as z.ZodType, payload, `${event} event`);
}

