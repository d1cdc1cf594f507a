import { useShallow } from "zustand/react/shallow";
import { formatBytes } from "../../lib/format.js";
import { useAppStore } from "../../store/use-app-store.js";

/**
 * Memory at a glance: the bar is the machine's RAM; the accent part is loaded models, the grey part
 * everything else in use, and the tick marks the budget models may use. The meter's value is the
 * models' share of the budget, which is what a load decision turns on.
 */
export function RamGauge() {
  const m = useAppStore(
    useShallow((s) =>
      s.system
        ? {
            total: s.system.memory.totalBytes,
            used: s.system.memory.usedBytes,
            models: s.system.budget.usedByModelsBytes,
            budget: s.system.budget.budgetBytes,
            source: s.system.budget.source,
            swapUsed: s.system.memory.swapUsedBytes,
            cpu: s.system.cpuLoadPercent,
          }
        : null,
    ),
  );
  if (!m) {
    return (
      <section className="panel ram" aria-labelledby="ram-heading">
        <h2 id="ram-heading">Memory</h2>
        <p className="loading" role="status">
          Measuring memory…
        </p>
      </section>
    );
  }
  const pct = (bytes: number) => `${Math.min(100, (bytes / Math.max(m.total, 1)) * 100).toFixed(2)}%`;
  const otherUsed = Math.max(0, m.used - m.models);
  const overBudget = m.models > m.budget;
  return (
    <section className="panel ram" aria-labelledby="ram-heading">
      <h2 id="ram-heading">Memory</h2>
      <div
        className="ram-gauge"
        role="meter"
        aria-label="RAM used by models"
        aria-valuemin={0}
        aria-valuemax={m.budget}
        aria-valuenow={m.models}
        aria-valuetext={`${formatBytes(m.models)} of ${formatBytes(m.budget)} budget`}
        data-over-budget={overBudget || undefined}
      >
        <div className="ram-bar">
          <span className="ram-models" style={{ width: pct(m.models) }} />
          <span className="ram-other" style={{ width: pct(otherUsed) }} />
          <span className="ram-budget-mark" style={{ left: pct(m.budget) }} title="Model budget" />
        </div>
      </div>
      <dl className="ram-legend">
        <div>
          <dt>
            <span className="swatch swatch-models" aria-hidden="true" />
            Models
          </dt>
          <dd className="ram-models-value">
            {formatBytes(m.models)} of {formatBytes(m.budget)} budget{m.source === "default" ? " (default)" : ""}
          </dd>
        </div>
        <div>
          <dt>
            <span className="swatch swatch-other" aria-hidden="true" />
            System
          </dt>
          <dd>
            {formatBytes(m.used)} of {formatBytes(m.total)} used
          </dd>
        </div>
        <div>
          <dt>Swap · CPU</dt>
          <dd>
            {formatBytes(m.swapUsed)} · {m.cpu === null ? "—" : `${m.cpu.toFixed(0)}%`}
          </dd>
        </div>
      </dl>
      {overBudget && (
        <p className="warning" role="status">
          Loaded models use more than the budget.
        </p>
      )}
    </section>
  );
}
