/**
 * Every Electron security default in one place, readable in a minute:
 * - windows: contextIsolation, sandbox, no nodeIntegration, no webview, web security on;
 * - content: a strict CSP on everything our protocol serves (see app-protocol.ts);
 * - navigation: only our app:// page; new windows denied; remote links are not opened either,
 *   since `shell.openExternal` on page-supplied URLs is a classic escalation path;
 * - permissions (camera, notifications, …): all denied; requests to anything but app:// cancelled.
 */
import { app, session, type Session, type WebContents, type WebPreferences } from "electron";
import { APP_SCHEME, isAppUrl } from "./app-origin.js";

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

function guardSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  // The renderer talks to the core over IPC only; it has no business fetching anything else.
  target.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(`${APP_SCHEME}:`) || details.url.startsWith("devtools:");
    callback({ cancel: !allowed });
  });
}

function guardContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  contents.on("will-navigate", (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on("will-redirect", (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());
}

/** Call once, before the first window: applies to every session and webContents that appears. */
export function installSecurityGuards(): void {
  app.enableSandbox();
  guardSession(session.defaultSession);
  app.on("session-created", guardSession);
  app.on("web-contents-created", (_event, contents) => guardContents(contents));
}
