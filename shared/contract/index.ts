/**
 * # The rAgents contract
 *
 * Everything that crosses a process boundary (Electron IPC, the browser WebSocket) is declared
 * here, once, as zod schemas; TypeScript types come from `z.infer` only.
 *
 * - **Requests** (`channels`): `domain:action` → `{ request, response }`. The receiving side (the
 *   core, via the hosts) always parses the request with `parseRequest`; clients may parse the
 *   response with `parseResponse`.
 * - **Events** (`events`): name → payload schema, pushed by the core (coalesced/throttled). The
 *   renderer parses every event with `parseEvent`.
 * - **Errors** cross as `{ code, message }` (`ContractError`, codes in `errors.ts`), never as stack
 *   traces. Clients reject with a `RagentsError` carrying the same code and message.
 *
 * ## `RagentsClient`: what the renderer programs against
 *
 * One namespaced object per domain, one method per channel (`fleet:pull-cancel` →
 * `client.fleet.pullCancel(request)`), each taking the request and resolving with the parsed
 * response, plus `client.on(event, handler)` returning its unsubscribe function. Both transports
 * implement it and the renderer cannot tell which it has:
 *
 * - Electron preload: `window.ragents = createClient({ invoke, on }) satisfies RagentsClient`, where
 *   `invoke`/`on` are closures over ipcRenderer (never exposed themselves).
 * - Browser: `createClient(webSocketTransport)` over the headless host's socket.
 *
 * `createClient` (in `client.ts`) builds the object from the channel map, so a new channel
 * appears on both transports without hand-written glue. A transport only has to provide
 * `ClientTransport`: send `{channel, payload}`, resolve with the response or reject with a
 * `ContractError`-shaped value, and deliver events by name.
 */
export * from "./channels.js";
export * from "./client.js";
export * from "./common.js";
export * from "./errors.js";
export * from "./fleet-state.js";
export * from "./fleet.js";
export * from "./endpoints.js";
export * from "./settings.js";
export * from "./system.js";
