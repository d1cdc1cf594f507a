/**
 * The one control-center window. Its webContents id goes into the trusted set the IPC wrapper
 * checks, and leaves it when the window is gone; closing only hides it while the tray lives.
 */
import { BrowserWindow } from "electron";
import { IPC_EVENTS_CHANNEL } from "../../shared/transport/ipc-protocol.js";
import type { BatchedEvent } from "../../shared/transport/event-batcher.js";
import { APP_URL } from "./app-origin.js";
import { secureWebPreferences } from "./security.js";

export class MainWindow {
  private window: BrowserWindow | null = null;
  quitting = false;

  constructor(
    private readonly preload: string,
    private readonly trustedContents: Set<number>,
  ) {}

  show(): void {
    if (!this.window || this.window.isDestroyed()) {
      // A new window shows itself once painted ("ready-to-show"), without a white flash.
      this.window = this.create();
      return;
    }
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  /** Pushes an event batch to the page, if it is there to receive it. */
  send(events: BatchedEvent[]): void {
    const contents = this.window?.isDestroyed() === false ? this.window.webContents : null;
    if (contents && !contents.isLoading()) contents.send(IPC_EVENTS_CHANNEL, events);
  }

  private create(): BrowserWindow {
    const window = new BrowserWindow({
      width: 1200,
      height: 800,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: "rAgents",
      webPreferences: secureWebPreferences(this.preload),
    });
    const id = window.webContents.id;
    this.trustedContents.add(id);
    window.once("ready-to-show", () => window.show());
    window.on("close", (event) => {
      if (!this.quitting) {
        event.preventDefault();
        window.hide();
      }
    });
    window.on("closed", () => {
      this.trustedContents.delete(id);
      this.window = null;
    });
    void window.loadURL(APP_URL);
    return window;
  }
}
