/** The machine: memory, CPU and the RAM budget, from `system:snapshot` and `system:changed`. */
import type { SettingsResponse, SettingsUpdate, RagentsClient, SystemSnapshot } from "../../../shared/contract/index.js";
import type { SliceCreator } from "./app-state.js";

export interface SystemSlice {
  system: SystemSnapshot | null;
  settings: SettingsResponse | null;
  setSystem(snapshot: SystemSnapshot): void;
  setSettings(settings: SettingsResponse): void;
  updateSettings(update: SettingsUpdate): Promise<boolean>;
}

export const createSystemSlice =
  (client: RagentsClient): SliceCreator<SystemSlice> =>
  (set, get) => ({
    system: null,
    settings: null,
    setSystem: (system) => set({ system }),
    setSettings: (settings) => set({ settings }),
    async updateSettings(update) {
      const result = await get().runAction("settings", () => client.settings.update(update));
      if (result) set({ settings: result });
      return result !== undefined;
    },
  });
