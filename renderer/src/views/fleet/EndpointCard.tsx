import { useShallow } from "zustand/react/shallow";
import { InlineError } from "../../components/InlineError.js";
import { formatLatency } from "../../lib/format.js";
import { useAppStore } from "../../store/use-app-store.js";

const KIND_LABELS = { "ollama-local": "Local Ollama", "ollama-remote": "Remote Ollama", "builtin-engine": "Built-in engine" } as const;

export function EndpointCard({ endpointId }: { endpointId: string }) {
  const endpoint = useAppStore(
    useShallow((s) => {
      const e = s.endpoints.find((x) => x.id === endpointId);
      return e
        ? { name: e.name, kind: e.kind, url: e.url, status: e.status, reason: e.reason, version: e.version, latencyMs: e.latencyMs, owner: e.owner, installed: e.installed.length, loaded: e.loaded.length }
        : null;
    }),
  );
  const removing = useAppStore((s) => Boolean(s.pending[`endpoint-remove:${endpointId}`]));
  const removeEndpoint = useAppStore((s) => s.removeEndpoint);
  if (!endpoint) return null;

  return (
    <li className="endpoint-card" data-status={endpoint.status} aria-label={`${endpoint.name}: ${endpoint.status}`}>
      <div className="endpoint-head">
        <span className={`status-dot status-${endpoint.status}`} aria-hidden="true" />
        <strong>{endpoint.name}</strong>
        {KIND_LABELS[endpoint.kind] !== endpoint.name && <span className="muted">{KIND_LABELS[endpoint.kind]}</span>}
      </div>
      <dl className="endpoint-facts">
        <dt>Status</dt>
        <dd className="endpoint-status">
          {endpoint.status}
          {endpoint.reason ? ` — ${endpoint.reason}` : ""}
        </dd>
        <dt>Version</dt>
        <dd>{endpoint.version ?? "—"}</dd>
        <dt>Latency</dt>
        <dd>{formatLatency(endpoint.latencyMs)}</dd>
        <dt>Models</dt>
        <dd>
          {endpoint.installed} installed, {endpoint.loaded} loaded
        </dd>
      </dl>
      <div className="endpoint-url muted" title={endpoint.url}>
        {endpoint.url}
        {endpoint.owner === "ragents" ? " · started by rAgents" : ""}
      </div>
      {endpoint.kind === "ollama-remote" && (
        <button type="button" className="small" disabled={removing} onClick={() => void removeEndpoint(endpointId)}>
          Remove
        </button>
      )}
      <InlineError actionKey={`endpoint-remove:${endpointId}`} />
    </li>
  );
}
