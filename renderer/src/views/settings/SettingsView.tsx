import { useState, type FormEvent } from "react";
import { InlineError } from "../../components/InlineError.js";
import { formatBytes } from "../../lib/format.js";
import { useAppStore } from "../../store/use-app-store.js";

const GIB = 1024 ** 3;

/** The settings a user tunes most: the RAM budget and where the local Ollama lives. */
export function SettingsView() {
  const settings = useAppStore((s) => s.settings);
  const defaultBudget = useAppStore((s) => (s.system?.budget.source === "default" ? s.system.budget.budgetBytes : null));
  if (!settings) {
    return (
      <div className="view">
        <header className="view-header">
          <h1>Settings</h1>
        </header>
        <p className="loading" role="status">
          Loading settings…
        </p>
      </div>
    );
  }
  return (
    <div className="view">
      <header className="view-header">
        <h1>Settings</h1>
      </header>
      {settings.notices.map((notice) => (
        <p key={notice.at + notice.message} className={notice.level === "info" ? "banner" : "banner banner-error"} role="status">
          {notice.message}
        </p>
      ))}
      <SettingsForm
        key={`${settings.settings.ramBudgetBytes}-${settings.settings.localOllamaUrl}`}
        budgetBytes={settings.settings.ramBudgetBytes}
        defaultBudget={defaultBudget}
        localOllamaUrl={settings.settings.localOllamaUrl}
      />
    </div>
  );
}

function SettingsForm(props: { budgetBytes: number | null; defaultBudget: number | null; localOllamaUrl: string }) {
  const [budget, setBudget] = useState(props.budgetBytes === null ? "" : (props.budgetBytes / GIB).toFixed(1));
  const [url, setUrl] = useState(props.localOllamaUrl);
  const saving = useAppStore((s) => Boolean(s.pending["settings"]));
  const updateSettings = useAppStore((s) => s.updateSettings);

  function submit(event: FormEvent) {
    event.preventDefault();
    const gib = budget.trim() === "" ? null : Number(budget);
    void updateSettings({
      // Let the core reject nonsense (NaN, too small) with its own message.
      ramBudgetBytes: gib === null ? null : Math.round((Number.isFinite(gib) ? gib : -1) * GIB),
      localOllamaUrl: url.trim(),
    });
  }

  return (
    <form className="panel settings-form" onSubmit={submit} aria-label="Settings">
      <label>
        RAM budget for models (GiB)
        <input value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="decimal" placeholder={props.defaultBudget ? `default: ${formatBytes(props.defaultBudget)}` : "default"} />
      </label>
      <p className="muted small-text">Leave empty to use the default, derived from total RAM.</p>
      <label>
        Local Ollama URL
        <input value={url} onChange={(e) => setUrl(e.target.value)} required />
      </label>
      <InlineError actionKey="settings" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
