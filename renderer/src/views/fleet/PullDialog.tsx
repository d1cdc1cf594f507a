import { useState, type FormEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { InlineError } from "../../components/InlineError.js";
import { Modal } from "../../components/Modal.js";
import { useAppStore } from "../../store/use-app-store.js";
import { PullProgressBar } from "./PullProgressBar.js";

/**
 * Pull a model onto an endpoint: by name from the endpoint's registry, or (built-in engine) from a
 * GGUF URL. Once started, the dialog follows that pull's progress and can cancel it.
 */
export function PullDialog() {
  const open = useAppStore((s) => s.pullDialogOpen);
  const close = useAppStore((s) => s.closePullDialog);
  return (
    <Modal open={open} onClose={close} labelledBy="pull-title">
      <h2 id="pull-title">Pull a model</h2>
      <PullDialogBody />
    </Modal>
  );
}

function PullDialogBody() {
  const endpoints = useAppStore(useShallow((s) => s.endpoints.map((e) => `${e.id}\n${e.name}\n${e.status}`)));
  const activePull = useAppStore((s) => (s.activePullId ? s.pulls[s.activePullId] : undefined));
  const starting = useAppStore((s) => Boolean(s.pending["pull"]));
  const { startPull, cancelPull, close } = useAppStore(useShallow((s) => ({ startPull: s.startPull, cancelPull: s.cancelPull, close: s.closePullDialog })));
  const firstUp = endpoints.find((e) => e.endsWith("\nup"))?.split("\n")[0] ?? endpoints[0]?.split("\n")[0] ?? "";
  const [endpointId, setEndpointId] = useState(firstUp);
  const [model, setModel] = useState("");
  const [url, setUrl] = useState("");
  const [sha256, setSha256] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    void startPull({ endpointId, model: model.trim(), ...(url.trim() ? { url: url.trim() } : {}), ...(sha256.trim() ? { sha256: sha256.trim() } : {}) });
  }

  if (activePull) {
    return (
      <div className="pull-follow">
        <PullProgressBar pull={activePull} />
        <InlineError actionKey={`pull-cancel:${activePull.pullId}`} />
        <div className="form-actions">
          {activePull.state === "running" && (
            <button type="button" className="danger" onClick={() => void cancelPull(activePull.pullId)}>
              Cancel pull
            </button>
          )}
          <button type="button" onClick={close}>
            {activePull.state === "running" ? "Hide" : "Close"}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="pull-form" onSubmit={submit} aria-label="Pull a model">
      <label>
        Endpoint
        <select value={endpointId} onChange={(e) => setEndpointId(e.target.value)} required>
          {endpoints.map((row) => {
            const [id = "", name, status] = row.split("\n");
            return (
              <option key={id} value={id}>
                {name} ({status})
              </option>
            );
          })}
        </select>
      </label>
      <label>
        Model name
        <input value={model} onChange={(e) => setModel(e.target.value)} required maxLength={200} placeholder="llama3.2:1b" autoFocus />
      </label>
      <label>
        <span>
          GGUF URL <span className="muted">(built-in engine only; optional)</span>
        </span>
        <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/model.gguf" />
      </label>
      <label>
        <span>
          SHA-256 <span className="muted">(optional)</span>
        </span>
        <input value={sha256} onChange={(e) => setSha256(e.target.value)} maxLength={64} spellCheck={false} />
      </label>
      <InlineError actionKey="pull" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={starting || !endpointId}>
          {starting ? "Starting…" : "Pull"}
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
