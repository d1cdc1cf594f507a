import { useState, type FormEvent } from "react";
import { InlineError } from "../../components/InlineError.js";
import { useAppStore } from "../../store/use-app-store.js";

/** Add a remote Ollama host. The core validates the URL; its message shows here if it refuses. */
export function AddEndpointForm() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [token, setToken] = useState("");
  const adding = useAppStore((s) => Boolean(s.pending["endpoint-add"]));
  const addEndpoint = useAppStore((s) => s.addEndpoint);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = await addEndpoint({ name: name.trim(), url: url.trim(), ...(token ? { token } : {}) });
    if (ok) {
      setName("");
      setUrl("");
      setToken("");
      setOpen(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="small" onClick={() => setOpen(true)}>
        Add remote endpoint…
      </button>
    );
  }
  return (
    <form className="add-endpoint" onSubmit={(e) => void submit(e)} aria-label="Add remote endpoint">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} placeholder="gpu-box" autoFocus />
      </label>
      <label>
        URL
        <input value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="http://192.168.1.20:11434" />
      </label>
      <label>
        Bearer token (optional)
        <input value={token} onChange={(e) => setToken(e.target.value)} type="password" autoComplete="off" />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={adding}>
          {adding ? "Adding…" : "Add"}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <InlineError actionKey="endpoint-add" />
    </form>
  );
}
