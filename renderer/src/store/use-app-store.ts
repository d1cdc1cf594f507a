/**
 * React access to the bound store. Components select narrowly (one value, or several through
 * `useShallow`) so a tok/s update re-renders the sparkline, not the whole Fleet view.
 */
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { AppState, AppStore } from "./app-state.js";

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useAppStore needs <StoreContext.Provider>");
  return useStore(store, selector);
}
