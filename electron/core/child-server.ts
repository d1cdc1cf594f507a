/**
 * What every supervised model server has in common, whether it is the built-in engine or the
 * user's `ollama serve`: waiting until it answers, the restart backoff, and stopping the one
 * child we started (SIGTERM, then SIGKILL if it will not go).
 */
import type { ChildProcess } from "node:child_process";

/** Polls `GET <url>/api/version` until it answers 200, `cancelled()` turns true, or the deadline passes. */
export async function waitForVersion(url: string, cancelled: () => boolean, deadline = Number.POSITIVE_INFINITY): Promise<boolean> {
  for (let delay = 10; !cancelled() && Date.now() < deadline; delay = Math.min(delay * 2, 250)) {
    try {
      const res = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return true;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return false;
}

/** Delay before restart number `attempt` (0-based): doubling from `baseMs`, capped at `maxMs`. */
export function restartDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
}

/** Stops a child we started: SIGTERM, SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(force);
}
