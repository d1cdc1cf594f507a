/**
 * The one bound store, built from slices (zustand's slices pattern). Slices that act on the host
 * get the client when the store is made, so nothing reaches for a global transport.
 */
import { createStore, type StateCreator, type StoreApi } from "zustand/vanilla";
import type { RagentsClient } from "../../../shared/contract/index.js";
import type { ConnectionStatus } from "../transport/connection.js";
import { createFleetSlice, type FleetSlice } from "./fleet-slice.js";
import { createSystemSlice, type SystemSlice } from "./system-slice.js";
import { createUiSlice, type UiSlice } from "./ui-slice.js";

export interface ConnectionSlice {
  connection: ConnectionStatus;
}

export type AppState = FleetSlice & SystemSlice & UiSlice & ConnectionSlice;
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
export type AppStore = StoreApi<AppState>;

export function createAppStore(client: RagentsClient, connection: ConnectionStatus): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createFleetSlice(client)(...a),
    ...createSystemSlice(client)(...a),
    ...createUiSlice(...a),
    connection,
  }));
}
