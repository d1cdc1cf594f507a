/**
 * Polls one endpoint: every `intervalMs` while it is up; while it is down, after a delay that
 * doubles with each failed probe up to `maxBackoffMs`, so a dead remote host costs almost nothing.
 *
 *   unknown --ok--> up --fail--> down(backoff 1×) --fail--> down(2×) ... --ok--> up
 */
import type { Endpoint, ProbeResult } from "../endpoints/endpoint.js";
import { toEndpointError } from "../endpoints/endpoint-error.js";

export type PollOutcome =
  | { status: "up"; result: ProbeResult; nextCheckAt: Date }
  | { status: "down"; reason: string; failures: number; delayMs: number; nextCheckAt: Date };

export interface PollerTiming {
  intervalMs: number;
  maxBackoffMs: number;
}

/** Delay before the next probe after `failures` failures in a row (0 = up). */
export function backoffDelay(failures: number, timing: PollerTiming): number {
  if (failures <= 0) return timing.intervalMs;
  return Math.min(timing.intervalMs * 2 ** Math.min(failures - 1, 20), Math.max(timing.maxBackoffMs, timing.intervalMs));
}

export class EndpointPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly endpoint: Endpoint,
    private timing: PollerTiming,
    private readonly onOutcome: (outcome: PollOutcome) => void,
  ) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.pollNow();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  setTiming(timing: PollerTiming): void {
    this.timing = timing;
  }

  /**
   * Probe now (after an action changed the endpoint, or a user asked). Resolves when a probe that
   * started after this call has finished; calls during a probe fold into one follow-up probe.
   */
  pollNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.running ?? undefined);
    }
    clearTimeout(this.timer);
    this.running = this.probeOnce().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.pollNow();
      }
    });
    return this.running;
  }

  private async probeOnce(): Promise<void> {
    let outcome: PollOutcome;
    try {
      const result = await this.endpoint.probe();
      this.failures = 0;
      outcome = { status: "up", result, nextCheckAt: new Date(Date.now() + this.timing.intervalMs) };
    } catch (error) {
      this.failures += 1;
      const delayMs = backoffDelay(this.failures, this.timing);
      const reason = toEndpointError(error, "probe").reason;
      outcome = { status: "down", reason, failures: this.failures, delayMs, nextCheckAt: new Date(Date.now() + delayMs) };
    }
    if (this.stopped) return;
    this.schedule(outcome.status === "up" ? this.timing.intervalMs : outcome.delayMs);
    this.onOutcome(outcome);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pollNow(), delayMs);
    // Polling alone must never keep a headless host or a test process alive.
    this.timer.unref();
  }
}
