import type { PullProgress } from "../../../../shared/contract/index.js";
import { formatBytes, formatDuration } from "../../lib/format.js";

const STATE_LABELS = { running: "Pulling", done: "Done", failed: "Failed", cancelled: "Cancelled" } as const;

/** One pull: bar, bytes, rate and ETA, in the endpoint's own words while it runs. */
export function PullProgressBar({ pull }: { pull: PullProgress }) {
  const percent = pull.state === "done" ? 100 : pull.percent;
  return (
    <div className="pull-progress" data-state={pull.state} data-pull-id={pull.pullId}>
      <div className="pull-progress-head">
        <strong>{pull.model}</strong>
        <span className="muted">
          {STATE_LABELS[pull.state]} · {pull.status}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Pull of ${pull.model}`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent === null ? {} : { "aria-valuenow": Math.round(percent) })}
      >
        <span className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <div className="muted small-text">
        {formatBytes(pull.completedBytes)}
        {pull.totalBytes !== null ? ` of ${formatBytes(pull.totalBytes)}` : ""}
        {percent !== null ? ` · ${percent.toFixed(0)}%` : ""}
        {pull.state === "running" && pull.bytesPerSecond !== null ? ` · ${formatBytes(pull.bytesPerSecond)}/s` : ""}
        {pull.state === "running" && pull.etaSeconds !== null ? ` · ${formatDuration(pull.etaSeconds)} left` : ""}
      </div>
      {pull.error && (
        <div className="inline-error" role="alert">
          {pull.error}
        </div>
      )}
    </div>
  );
}
