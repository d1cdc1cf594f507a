/**
 * Batches fleet changes so views get at most one `fleet:changed` per window, however fast the
 * fleet moves. Within a window only the latest change per key survives (a model loaded then
 * unloaded in 100 ms arrives as just "unloaded").
 */
import type { FleetChange } from "../../../shared/contract/index.js";

export function changeKey(change: FleetChange): string {
  switch (change.kind) {
    case "endpoint-upserted":
      return `endpoint:${change.endpoint.id}`;
    case "endpoint-removed":
      return `endpoint:${change.endpointId}`;
    case "installed-upserted":
      return `installed:${change.endpointId}:${change.model.name}`;
    case "installed-removed":
      return `installed:${change.endpointId}:${change.name}`;
    case "loaded-upserted":
      return `loaded:${change.endpointId}:${change.model.name}`;
    case "loaded-removed":
      return `loaded:${change.endpointId}:${change.name}`;
    case "throughput-updated":
      return `throughput:${change.endpointId}:${change.throughput.model}`;
  }
}

export class ChangeCoalescer {
  private pending = new Map<string, FleetChange>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;

  constructor(
    private readonly windowMs: number,
    private readonly flush: (changes: FleetChange[]) => void,
  ) {}

  push(changes: FleetChange[]): void {
    for (const change of changes) {
      const key = changeKey(change);
      // Re-inserting moves the key to the end, so the batch keeps the order things happened in.
      this.pending.delete(key);
      this.pending.set(key, change);
    }
    if (this.pending.size > 0 && !this.timer) {
      const wait = Math.max(0, this.lastFlush + this.windowMs - Date.now());
      this.timer = setTimeout(() => this.flushNow(), wait);
      this.timer.unref();
    }
  }

  flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.lastFlush = Date.now();
    this.flush(batch);
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
