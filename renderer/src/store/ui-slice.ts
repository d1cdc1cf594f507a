/**
 * What the UI is doing, as opposed to what the fleet is: the current view, open dialogs, and the
 * pending flag and last error of each action (keyed like `load:builtin:tiny-random`), so an error
 * shows next to the control that caused it, in the server's own words.
 */
import { toContractError } from "../../../shared/contract/index.js";
import type { SliceCreator } from "./app-state.js";

export type ViewName = "fleet" | "settings";
export interface ModelRef {
  endpointId: string;
  model: string;
}

export interface UiSlice {
  view: ViewName;
  pullDialogOpen: boolean;
  /** The pull the dialog is showing progress for. */
  activePullId: string | null;
  deleteTarget: ModelRef | null;
  pending: Record<string, true>;
  errors: Record<string, string>;
  setView(view: ViewName): void;
  openPullDialog(): void;
  closePullDialog(): void;
  askDelete(target: ModelRef | null): void;
  clearError(key: string): void;
  /**
   * Runs one user action: marks it pending, clears its old error, and records the server's
   * message if it fails. Resolves with the result, or undefined after a failure (already shown).
   */
  runAction<T>(key: string, action: () => Promise<T>): Promise<T | undefined>;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  view: "fleet",
  pullDialogOpen: false,
  activePullId: null,
  deleteTarget: null,
  pending: {},
  errors: {},
  setView: (view) => set({ view }),
  openPullDialog: () => set({ pullDialogOpen: true, activePullId: null }),
  closePullDialog: () => set({ pullDialogOpen: false }),
  askDelete: (deleteTarget) => set({ deleteTarget }),
  clearError: (key) => set((state) => ({ errors: without(state.errors, key) })),
  async runAction(key, action) {
    set((state) => ({ pending: { ...state.pending, [key]: true }, errors: without(state.errors, key) }));
    try {
      return await action();
    } catch (error) {
      set((state) => ({ errors: { ...state.errors, [key]: toContractError(error).message } }));
      return undefined;
    } finally {
      set((state) => ({ pending: without(state.pending, key) }));
    }
  },
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
