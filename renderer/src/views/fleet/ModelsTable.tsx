import { useShallow } from "zustand/react/shallow";
import { useAppStore } from "../../store/use-app-store.js";
import { ModelRow } from "./ModelRow.js";

/** Every model on every endpoint: installed ones, plus any loaded one an endpoint lists without it. */
export function ModelsTable() {
  const rows = useAppStore(
    useShallow((s) =>
      s.endpoints.flatMap((e) => {
        const names = new Set(e.installed.map((m) => m.name));
        const extra = e.loaded.filter((m) => !names.has(m.name)).map((m) => m.name);
        return [...names, ...extra].map((name) => `${e.id}\n${name}`);
      }),
    ),
  );
  return (
    <section className="panel models" aria-labelledby="models-heading">
      <h2 id="models-heading">Models</h2>
      {rows.length === 0 ? (
        <p className="empty">No models installed on any endpoint yet. Use “Pull model…” to get one.</p>
      ) : (
        <div className="table-scroll">
          <table className="models-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Endpoint</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  RAM
                </th>
                <th scope="col">Unloads</th>
                <th scope="col">Throughput</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const [endpointId = "", model = ""] = row.split("\n");
                return <ModelRow key={row} endpointId={endpointId} model={model} />;
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
