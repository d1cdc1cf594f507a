/**
 * `RagentsClient`, the one interface the renderer uses, and `createClient`, which builds it
 * from the channel map over any transport (Electron IPC or the browser WebSocket).
 */
import { RagentsError, toContractError } from "./errors.js";
import {
  type Channel,
  type EventName,
  type EventPayloadOf,
  type RequestOf,
  type ResponseOf,
  CHANNELS,
  parseEvent,
  parseResponse,
} from "./channels.js";

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
type Method<C extends Channel> = {} extends RequestOf<C>
  ? (request?: RequestOf<C>) => Promise<ResponseOf<C>>
  : (request: RequestOf<C>) => Promise<ResponseOf<C>>;

/** Subscribe to a core event; the returned function unsubscribes. */
export type Subscribe = <E extends EventName>(event: E, handler: (payload: EventPayloadOf<E>) => void) => () => void;

/**
 * The client every view programs against: `client.fleet.list()`, `client.fleet.pullCancel({ pullId })`,
 * `client.settings.update({...})`, `client.on("fleet:changed", handler)`. Methods reject with a
 * `RagentsError` (`code`, `message`).
 */
export type RagentsClient = {
  [D in DomainOf<Channel>]: { [C in Channel as C extends `${D}:${infer A}` ? CamelCase<A> : never]: Method<C> };
} & { on: Subscribe };

/** What a transport provides; raw, unvalidated values go in and out. */
export interface ClientTransport {
  /** Send a request; resolve with the raw response, reject with a `{code, message}`-shaped value. */
  invoke(channel: Channel, payload: unknown): Promise<unknown>;
  /** Deliver raw event payloads by name; return the unsubscribe function. */
  on(event: EventName, handler: (payload: unknown) => void): () => void;
}

/** `fleet:pull-cancel` → `{ domain: "fleet", method: "pullCancel" }`. */
export function channelMethod(channel: Channel): { domain: string; method: string } {
  const [domain = "", action = ""] = channel.split(":");
  return { domain, method: action.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) };
}

/**
 * Build a `RagentsClient` over a transport. Responses and events are parsed here, so a view
 * never sees a payload the contract does not allow; a malformed event is reported to
 * `onInvalidEvent` (default: console.warn) and dropped.
 */
export function createClient(
  transport: ClientTransport,
  onInvalidEvent: (event: string, message: string) => void = (event, message) => console.warn(`rAgents: dropped ${event}: ${message}`),
): RagentsClient {
  const client: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const { domain, method } = channelMethod(channel);
    client[domain] ??= {};
    client[domain][method] = async (request?: unknown) => {
      let raw: unknown;
      try {
        raw = await transport.invoke(channel, request ?? {});
      } catch (error) {
        const { code, message } = toContractError(error);
        throw new RagentsError(code, message);
      }
      const parsed = parseResponse(channel, raw);
      if (!parsed.ok) throw new RagentsError("internal", parsed.error.message);
      return parsed.data;
    };
  }
  const on: Subscribe = (event, handler) =>
    transport.on(event, (raw) => {
      const parsed = parseEvent(event, raw);
      if (parsed.ok) handler(parsed.data);
      else onInvalidEvent(event, parsed.error.message);
    });
  return Object.assign(client, { on }) as unknown as RagentsClient;
}
