/**
 * The core's outgoing events. Each payload is checked against the contract before it leaves,
 * so a defect in the core shows up here, at its source, rather than as a dropped event in a view.
 * A throwing subscriber cannot break the others or the core.
 */
import { parseEvent, type EventName, type EventPayloadOf } from "../../shared/contract/index.js";

type Handler = (payload: never) => void;

export class EventHub {
  private readonly handlers = new Map<EventName, Set<Handler>>();

  constructor(private readonly log: (line: string) => void) {}

  on<E extends EventName>(event: E, handler: (payload: EventPayloadOf<E>) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as Handler);
    return () => void set.delete(handler as Handler);
  }

  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void {
    const set = this.handlers.get(event);
    if (!set || set.size === 0) return;
    const parsed = parseEvent(event, payload);
    if (!parsed.ok) {
      this.log(`core: not sending ${event}: ${parsed.error.message}`);
      return;
    }
    for (const handler of [...set]) {
      try {
        (handler as (payload: EventPayloadOf<E>) => void)(parsed.data);
      } catch (error) {
        this.log(`core: a ${event} subscriber threw: ${(error as Error).message}`);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
