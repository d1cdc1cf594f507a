import type { ReactNode } from "react";
import { useShallow } from "zustand/react/shallow";
import { InlineError } from "../../components/InlineError.js";
import { formatBytes, formatRate, isRandomWeights } from "../../lib/format.js";
import { modelKey } from "../../store/fleet-slice.js";
import { useAppStore } from "../../store/use-app-store.js";
import { ExpiryCountdown } from "./ExpiryCountdown.js";
import { Sparkline } from "./Sparkline.js";

export function ModelRow({ endpointId, model }: { endpointId: string; model: string }) {
  const ref = { endpointId, model };
  const key = modelKey(ref);
  const row = useAppStore(
    useShallow((s) => {
      const e = s.endpoints.find((x) => x.id === endpointId);
      return {
        endpointName: e?.name ?? endpointId,
        endpointUp: e?.status === "up",
        installed: e?.installed.find((m) => m.name === model),
        loaded: e?.loaded.find((m) => m.name === model),
        throughput: e?.throughput.find((t) => t.model === model),
      };
    }),
  );
  const busy = useAppStore((s) => Boolean(s.pending[`load:${key}`] || s.pending[`unload:${key}`] || s.pending[`delete:${key}`]));
  const overBudget = useAppStore((s) => s.overBudget[key]);
  const benchmarking = useAppStore((s) => Boolean(s.pending[`benchmark:${key}`]));
  const benchmark = useAppStore((s) => s.benchmarks[key]);
  const { loadModel, unloadModel, askDelete, benchmarkModel } = useAppStore(
    useShallow((s) => ({ loadModel: s.loadModel, unloadModel: s.unloadModel, askDelete: s.askDelete, benchmarkModel: s.benchmarkModel })),
  );
  const random = isRandomWeights({ name: model, randomWeights: row.installed?.randomWeights ?? false });
  const details = row.installed ? [row.installed.family, row.installed.parameterSize, row.installed.quantization].filter(Boolean).join(" · ") : "";

  return (
    <>
      <tr className="model-row" data-model={model} data-endpoint={endpointId} data-loaded={row.loaded ? "true" : "false"}>
        <th scope="row" className="model-name">
          <div>{model}</div>
          {random && (
            <div className="badge badge-warning" title="A random-weight demo model: it runs, but what it writes means nothing">
              random weights — output is gibberish
            </div>
          )}
          {details && <div className="muted small-text">{details}</div>}
        </th>
        <td>{row.endpointName}</td>
        <td>
          <span className={row.loaded ? "state state-loaded" : "state"}>{row.loaded ? "Loaded" : "Installed"}</span>
        </td>
        <td className="num">{formatBytes(row.installed?.sizeBytes)}</td>
        <td className="num">{row.loaded ? formatBytes(row.loaded.sizeBytes) : "—"}</td>
        <td>{row.loaded ? <ExpiryCountdown expiresAt={row.loaded.expiresAt} /> : "—"}</td>
        <td>
          <div className="throughput">
            <span>{formatRate(row.throughput?.tokensPerSecond)}</span>
            <Sparkline values={row.throughput?.recent ?? []} />
          </div>
        </td>
        <td>
          <div className="row-actions">
          {row.loaded ? (
            <button type="button" className="small" disabled={busy} onClick={() => void unloadModel(ref)} aria-label={`Unload ${model}`}>
              Unload
            </button>
          ) : (
            <button type="button" className="small" disabled={busy || !row.endpointUp} onClick={() => void loadModel(ref)} aria-label={`Load ${model}`}>
              Load
            </button>
          )}
          {row.installed && (
            <button
              type="button"
              className="small"
              disabled={busy || benchmarking || !row.endpointUp}
              onClick={() => void benchmarkModel(ref)}
              aria-label={`Benchmark ${model}`}
              title="Run a short fixed prompt and measure tok/s and time to first token"
            >
              {benchmarking ? "Running…" : "Bench"}
            </button>
          )}
          {row.installed && (
            <button type="button" className="small danger" disabled={busy} onClick={() => askDelete(ref)} aria-label={`Delete ${model}`}>
              Delete
            </button>
          )}
          </div>
        </td>
      </tr>
      <RowMessages actionKeys={[`load:${key}`, `unload:${key}`, `delete:${key}`, `benchmark:${key}`]} hasNotes={Boolean(benchmark || overBudget)}>
        {benchmark && (
          <div className="muted small-text" role="status">
            Benchmark: {formatRate(benchmark.tokensPerSecond)} generating, {formatRate(benchmark.promptTokensPerSecond)} reading the prompt
            {benchmark.timeToFirstTokenMs !== null ? `, first token after ${benchmark.timeToFirstTokenMs.toFixed(0)} ms` : ""} ({benchmark.generatedTokens} tokens in{" "}
            {(benchmark.totalMs / 1000).toFixed(1)} s)
          </div>
        )}
        {overBudget && (
          <div className="warning" role="alert">
            {overBudget.warning ?? "This model would not fit the RAM budget."}{" "}
            <button type="button" className="small" onClick={() => void loadModel(ref, true)}>
              Load anyway
            </button>
          </div>
        )}
      </RowMessages>
    </>
  );
}

/** A full-width row under a model for its errors, warnings and results; absent when there are none. */
function RowMessages({ actionKeys, hasNotes, children }: { actionKeys: string[]; hasNotes: boolean; children: ReactNode }) {
  const hasError = useAppStore((s) => actionKeys.some((k) => k in s.errors));
  if (!hasError && !hasNotes) return null;
  return (
    <tr className="row-messages">
      <td colSpan={8}>
        {actionKeys.map((k) => (
          <InlineError key={k} actionKey={k} />
        ))}
        {children}
      </td>
    </tr>
  );
}
