/**
 * The one place the renderer subscribes to the host: core events and connection changes feed
 * the store here, never from components. On every (re)connect the snapshots are fetched again,
 * since events missed while away are not replayed; fleet changes that arrive while that fetch
 * is in flight are held and replayed on top of it by revision.
 */
import { toContractError, type FleetChange, type RagentsClient } from "../../../shared/contract/index.js";
import type { Connection } from "../transport/connection.js";
import type { AppStore } from "./app-state.js";

export function wireEvents(client: RagentsClient, connection: Connection, store: AppStore): () => void {
  const state = () => store.getState();
  let held: Array<{ revision: number; changes: FleetChange[] }> | null = [];

  async function refresh(): Promise<void> {
    held = [];
    const [fleet, system, settings] = await Promise.allSettled([client.fleet.list(), client.system.snapshot(), client.settings.get()]);
    if (fleet.status === "fulfilled") {
      state().setFleetSnapshot(fleet.value);
      for (const { revision, changes } of held ?? []) state().applyFleetChanged(revision, changes);
    } else {
      state().setFleetError(toContractError(fleet.reason).message);
    }
    held = null;
    if (system.status === "fulfilled") state().setSystem(system.value);
    if (settings.status === "fulfilled") state().setSettings(settings.value);
  }

  const unsubscribes = [
    client.on("fleet:changed", ({ revision, changes }) => {
      if (held) held.push({ revision, changes });
      else state().applyFleetChanged(revision, changes);
    }),
    client.on("fleet:pull-progress", (progress) => state().applyPullProgress(progress)),
    client.on("system:changed", (snapshot) => state().setSystem(snapshot)),
    client.on("settings:changed", (settings) => state().setSettings(settings)),
    connection.subscribe((status) => {
      store.setState({ connection: status });
      if (status === "open") void refresh();
    }),
  ];
  // Over IPC the connection is open from the start; the socket calls back when it opens.
  if (connection.status === "open") void refresh();
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
