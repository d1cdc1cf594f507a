/**
 * The browser transport: the contract over the headless host's one WebSocket. Requests carry an
 * id and are answered on the same socket; events arrive in batches. After a drop it reconnects
 * with backoff, unless the host says the token is wrong (then retrying would only hammer it).
 */
import type { ClientTransport, ContractError, EventName } from "../../../shared/contract/index.js";
import { SOCKET_PATH, hostFrameSchema, type RequestFrame } from "../../../shared/transport/ws-protocol.js";
import type { Connection, ConnectionStatus } from "./connection.js";

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: ContractError) => void;
}

export interface WebSocketTransport {
  transport: ClientTransport;
  connection: Connection;
}

/** `origin` is the host's http(s) origin; the socket and the token check live under it. */
export function createWebSocketTransport(origin: string, token: string | null): WebSocketTransport {
  const socketUrl = `${origin.replace(/^http/, "ws")}${SOCKET_PATH}?token=${encodeURIComponent(token ?? "")}`;
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const listeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = "connecting";
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = RETRY_MIN_MS;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of listeners) listener(next);
  };

  const failAll = (error: ContractError) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    outbox.length = 0;
  };

  function connect(): void {
    if (!token) {
      setStatus("unauthorized");
      return;
    }
    const ws = new WebSocket(socketUrl);
    socket = ws;
    ws.onopen = () => {
      retryMs = RETRY_MIN_MS;
      setStatus("open");
      for (const frame of outbox.splice(0)) ws.send(frame);
    };
    ws.onmessage = (message) => receive(message.data);
    ws.onclose = () => {
      socket = null;
      failAll({ code: "unavailable", message: "lost the connection to the rAgents host" });
      setStatus("connecting");
      void retryOrGiveUp();
    };
  }

  /** A refused upgrade looks like any other drop in the browser; ask the host plainly whether the token is good. */
  async function retryOrGiveUp(): Promise<void> {
    try {
      const probe = await fetch(`${origin}/api/`, { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
      if (probe.status === 401) {
        setStatus("unauthorized");
        return;
      }
    } catch {
      // Host unreachable: keep retrying, it may be restarting.
    }
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }

  function receive(data: unknown): void {
    if (typeof data !== "string") return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn("rAgents: the host sent a frame that is not JSON");
      return;
    }
    const frame = hostFrameSchema.safeParse(json);
    if (!frame.success) {
      console.warn("rAgents: the host sent a frame of unknown shape");
      return;
    }
    if (frame.data.type === "events") {
      for (const { event, payload } of frame.data.events) {
        for (const handler of handlers.get(event) ?? []) handler(payload);
      }
      return;
    }
    const { id } = frame.data;
    const waiter = id === null ? undefined : pending.get(id);
    if (!waiter || id === null) {
      if (!frame.data.ok) console.warn(`rAgents: host error without a request: ${frame.data.error.message}`);
      return;
    }
    pending.delete(id);
    if (frame.data.ok) waiter.resolve(frame.data.result);
    else waiter.reject(frame.data.error);
  }

  const transport: ClientTransport = {
    invoke(channel, payload) {
      if (status === "unauthorized") {
        return Promise.reject<unknown>({ code: "forbidden", message: "the rAgents host refused the access token" });
      }
      const id = nextId++;
      const frame: RequestFrame = { type: "request", id, channel, payload };
      const text = JSON.stringify(frame);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
        else outbox.push(text);
      });
    },
    on(event: EventName, handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler);
      return () => void set.delete(handler);
    },
  };

  const connection: Connection = {
    get status() {
      return status;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };

  connect();
  return { transport, connection };
}
