import { useAppStore } from "../../store/use-app-store.js";
import { DeleteModelDialog } from "./DeleteModelDialog.js";
import { EndpointList } from "./EndpointList.js";
import { ModelsTable } from "./ModelsTable.js";
import { PullDialog } from "./PullDialog.js";
import { PullList } from "./PullList.js";
import { RamGauge } from "./RamGauge.js";

/** The Fleet view: endpoints, memory, models, pulls. */
export function FleetView() {
  const status = useAppStore((s) => s.fleetStatus);
  const error = useAppStore((s) => s.fleetError);
  const openPullDialog = useAppStore((s) => s.openPullDialog);
  // Refused by the host: the banner says why; a "loading" line under it would promise too much.
  const refused = useAppStore((s) => s.connection === "unauthorized");

  return (
    <div className="view fleet-view">
      <header className="view-header">
        <h1>Fleet</h1>
        <button type="button" className="primary" onClick={openPullDialog} disabled={status !== "ready"}>
          Pull model…
        </button>
      </header>
      {error && (
        <p className="inline-error" role="alert">
          Could not load the fleet: {error}
        </p>
      )}
      {refused ? null : status === "loading" ? (
        <p className="loading" role="status">
          Loading the fleet…
        </p>
      ) : (
        <>
          <div className="fleet-top">
            <EndpointList />
            <RamGauge />
          </div>
          <PullList />
          <ModelsTable />
        </>
      )}
      <PullDialog />
      <DeleteModelDialog />
    </div>
  );
}
