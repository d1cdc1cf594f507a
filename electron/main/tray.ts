/**
 * The tray (menu-bar) icon: a glance at the fleet without opening the window. The menu is rebuilt
 * from the core's snapshots when fleet or system events arrive, at most once a second.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from "electron";
import type { FleetSnapshot, RagentsClient, SystemSnapshot } from "../../shared/contract/index.js";
import { summarizeForTray } from "./tray-summary.js";

const REBUILD_INTERVAL_MS = 1000;

export interface TrayCore {
  handle(channel: "fleet:list" | "system:snapshot", payload: unknown): Promise<unknown>;
  on: RagentsClient["on"];
}

export function createTray(core: TrayCore, actions: { open: () => void; quit: () => void }): () => void {
  const tray = new Tray(trayIcon());
  let timer: NodeJS.Timeout | null = null;

  async function rebuild(): Promise<void> {
    timer = null;
    const [fleet, system] = await Promise.all([
      core.handle("fleet:list", {}).catch(() => null) as Promise<FleetSnapshot | null>,
      core.handle("system:snapshot", {}).catch(() => null) as Promise<SystemSnapshot | null>,
    ]);
    const summary = summarizeForTray(fleet, system);
    const info = (label: string): MenuItemConstructorOptions => ({ label, enabled: false });
    tray.setToolTip(summary.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: "Open rAgents", click: actions.open },
        { type: "separator" },
        info("Endpoints"),
        ...summary.endpoints.map(info),
        { type: "separator" },
        info("Loaded models"),
        ...summary.loaded.map(info),
        { type: "separator" },
        info(summary.memory),
        info(summary.throughput),
        { type: "separator" },
        { label: "Quit rAgents", click: actions.quit },
      ]),
    );
  }
  const schedule = () => {
    timer ??= setTimeout(() => void rebuild(), REBUILD_INTERVAL_MS);
  };

  const unsubscribes = [core.on("fleet:changed", schedule), core.on("system:changed", schedule)];
  tray.on("click", actions.open);
  void rebuild();
  return () => {
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    if (timer) clearTimeout(timer);
    tray.destroy();
  };
}

/** A 16×16 accent dot drawn in code, so the shell needs no image file to show its tray. */
function trayIcon(): NativeImage {
  const size = 16;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 6.5 ** 2;
      const offset = (y * size + x) * 4;
      // BGRA
      pixels.set(inside ? [0xdb, 0x5b, 0x3b, 0xff] : [0, 0, 0, 0], offset);
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: size, height: size });
}
