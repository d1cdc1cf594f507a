import { formatDuration } from "../../lib/format.js";
import { useNow } from "../../lib/use-now.js";

/** Time until the endpoint unloads a model; ticks locally, since expiry moves with no event. */
export function ExpiryCountdown({ expiresAt }: { expiresAt: string | null }) {
  if (expiresAt === null) return <span title="Kept loaded until unloaded">kept</span>;
  return <Ticking expiresAt={expiresAt} />;
}

function Ticking({ expiresAt }: { expiresAt: string }) {
  const now = useNow(1000);
  const at = Date.parse(expiresAt);
  if (!Number.isFinite(at)) return <span>—</span>;
  // Ollama reports far-future expiry (year 2318) for "forever".
  if (at - now > 365 * 24 * 3600 * 1000) return <span title="Kept loaded until unloaded">kept</span>;
  return <time dateTime={expiresAt}>{at <= now ? "expiring" : `in ${formatDuration((at - now) / 1000)}`}</time>;
}
