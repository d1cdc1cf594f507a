/**
 * Pushes core events to every open socket through a per-socket batcher, so a socket gets at most
 * one events frame per batch interval however fast the core emits. A socket that falls too far
 * behind is closed; the renderer reconnects and refetches the snapshots.
 */
import type { WebSocket } from "ws";
import { createEventBatcher, type EventBatcher } from "../../shared/transport/event-batcher.js";
import type { EventsFrame } from "../../shared/transport/ws-protocol.js";

/** Events one socket may have waiting before it counts as stuck. */
export const MAX_PENDING_EVENTS = 5_000;
/** Close code for "fell behind, reconnect and refetch" (1013 = try again later). */
export const CLOSE_FELL_BEHIND = 1013;

type Subscribe = (event: string, handler: (payload: unknown) => void) => () => void;

export class EventFanout {
  private readonly sockets = new Map<WebSocket, EventBatcher>();
  private readonly unsubscribes: Array<() => void>;

  constructor(subscribe: Subscribe, eventNames: readonly string[]) {
    // One subscription per event for the host's whole life, not one per socket.
    this.unsubscribes = eventNames.map((name) => subscribe(name, (payload) => this.push(name, payload)));
  }

  add(socket: WebSocket): void {
    const batcher = createEventBatcher((events) => {
      if (socket.readyState !== socket.OPEN) return;
      const frame: EventsFrame = { type: "events", events };
      socket.send(JSON.stringify(frame));
    });
    this.sockets.set(socket, batcher);
    socket.once("close", () => this.remove(socket));
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const socket of [...this.sockets.keys()]) this.remove(socket);
  }

  private remove(socket: WebSocket): void {
    this.sockets.get(socket)?.close();
    this.sockets.delete(socket);
  }

  private push(event: string, payload: unknown): void {
    for (const [socket, batcher] of this.sockets) {
      batcher.push(event, payload);
      if (batcher.pending > MAX_PENDING_EVENTS) {
        this.remove(socket);
        socket.close(CLOSE_FELL_BEHIND, "fell behind on events; reconnect");
      }
    }
  }
}
