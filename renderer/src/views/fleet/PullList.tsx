import { useShallow } from "zustand/react/shallow";
import { InlineError } from "../../components/InlineError.js";
import { useAppStore } from "../../store/use-app-store.js";
import { PullProgressBar } from "./PullProgressBar.js";

/** Pulls still running (started here or in another window), so closing the dialog loses nothing. */
export function PullList() {
  const running = useAppStore(useShallow((s) => Object.values(s.pulls).filter((p) => p.state === "running")));
  const cancelPull = useAppStore((s) => s.cancelPull);
  if (running.length === 0) return null;
  return (
    <section className="panel pulls" aria-labelledby="pulls-heading">
      <h2 id="pulls-heading">Pulls</h2>
      {running.map((pull) => (
        <div key={pull.pullId} className="pull-item">
          <PullProgressBar pull={pull} />
          <button type="button" className="small" onClick={() => void cancelPull(pull.pullId)}>
            Cancel
          </button>
          <InlineError actionKey={`pull-cancel:${pull.pullId}`} />
        </div>
      ))}
    </section>
  );
}
