import { useShallow } from "zustand/react/shallow";
import { useAppStore } from "../../store/use-app-store.js";
import { AddEndpointForm } from "./AddEndpointForm.js";
import { EndpointCard } from "./EndpointCard.js";

export function EndpointList() {
  const ids = useAppStore(useShallow((s) => s.endpoints.map((e) => e.id)));
  return (
    <section className="panel endpoints" aria-labelledby="endpoints-heading">
      <h2 id="endpoints-heading">Endpoints</h2>
      {ids.length === 0 ? (
        <p className="empty">No endpoints yet. Add a remote Ollama below, or start Ollama on this machine.</p>
      ) : (
        <ul className="endpoint-cards">
          {ids.map((id) => (
            <EndpointCard key={id} endpointId={id} />
          ))}
        </ul>
      )}
      <AddEndpointForm />
    </section>
  );
}
