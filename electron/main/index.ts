/**
 * The Electron shell: wiring only. It builds the core once, serves the renderer on app://, routes
 * the contract over IPC and core events back to the window, and keeps a tray. All behaviour is
 * in electron/core; all security settings are in security.ts.
 */
import { app, ipcMain } from "electron";
import { fileURLToPath } from "node:url";
import { EVENT_NAMES } from "../../shared/contract/index.js";
import { createEventBatcher } from "../../shared/transport/event-batcher.js";
import { createCore } from "../core/create-core.js";
import { registerAppScheme, serveAppProtocol } from "./app-protocol.js";
import { registerContractHandlers } from "./ipc-contract.js";
import { MainWindow } from "./main-window.js";
import { installSecurityGuards } from "./security.js";
import { createTray } from "./tray.js";

// Built layout: out/main/index.js beside out/preload/index.cjs and out/renderer/.
const BUNDLE_DIR = fileURLToPath(new URL("../renderer/", import.meta.url));
const PRELOAD = fileURLToPath(new URL("../preload/index.cjs", import.meta.url));

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();
else void start();

async function start(): Promise<void> {
  await app.whenReady();
  installSecurityGuards();
  serveAppProtocol(BUNDLE_DIR);

  // Same folder rule as the headless host: RAGENTS_DATA_DIR, else Electron's per-user folder.
  const core = await createCore({ dataDir: process.env.RAGENTS_DATA_DIR || app.getPath("userData") });
  const trustedContents = new Set<number>();
  const window = new MainWindow(PRELOAD, trustedContents);
  const unregister = registerContractHandlers(ipcMain, core, trustedContents);

  const batcher = createEventBatcher((events) => window.send(events));
  const unsubscribes = EVENT_NAMES.map((name) => core.on(name, (payload: unknown) => batcher.push(name, payload)));
  const quit = () => {
    window.quitting = true;
    app.quit();
  };
  const destroyTray = createTray(core, { open: () => window.show(), quit });

  app.on("second-instance", () => window.show());
  app.on("activate", () => window.show());
  // The tray keeps the app alive with no window open; quitting is explicit.
  app.on("window-all-closed", () => undefined);
  app.on("before-quit", () => {
    window.quitting = true;
  });
  app.on("will-quit", (event) => {
    event.preventDefault();
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    batcher.close();
    unregister();
    destroyTray();
    // Stop the servers rAgents started before the process goes; then really quit.
    void core.close().finally(() => app.exit(0));
  });
  window.show();
}
