/**
 * Picks the transport once, at start-up: the Electron preload's `window.ragents` when present,
 * else the headless host's WebSocket. Everything above this file sees only a `RagentsClient`
 * and a `Connection`, and cannot tell which host it runs in.
 */
import { createClient, type RagentsClient } from "../../../shared/contract/index.js";
import { takeAccessToken } from "./access-token.js";
import { alwaysOpen, type Connection } from "./connection.js";
import { createWebSocketTransport } from "./websocket-transport.js";

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    ragents?: RagentsClient;
  }
}

export interface ConnectedClient {
  client: RagentsClient;
  connection: Connection;
}

export function connectClient(): ConnectedClient {
  if (window.ragents) return { client: window.ragents, connection: alwaysOpen };
  const token = takeAccessToken(window.location, window.history, window.sessionStorage);
  const { transport, connection } = createWebSocketTransport(window.location.origin, token);
  return { client: createClient(transport), connection };
}
