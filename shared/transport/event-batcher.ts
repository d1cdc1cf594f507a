/**
 * Collects events and hands them on in batches, at most one batch per interval, so whatever rate
 * the core emits at, a renderer receives a bounded number of messages. Lossless: fleet changes are
 * deltas that must all arrive. Both hosts use it (per socket, per window).
 */

/** 50 ms: at most 20 batches per second per view, the ceiling issue #3 sets. */
export const EVENT_BATCH_INTERVAL_MS = 50;

export interface BatchedEvent {
  event: string;
  payload: unknown;
}

export interface EventBatcher {
  push(event: string, payload: unknown): void;
  /** Events waiting for the next batch. */
  readonly pending: number;
  /** Drops what is waiting and stops the timer. */
  close(): void;
}

export function createEventBatcher(send: (events: BatchedEvent[]) => void, intervalMs = EVENT_BATCH_INTERVAL_MS): EventBatcher {
  let queue: BatchedEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    send(batch);
  };
  return {
    push(event, payload) {
      queue.push({ event, payload });
      timer ??= setTimeout(flush, intervalMs);
    },
    get pending() {
      return queue.length;
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      queue = [];
    },
  };
}
