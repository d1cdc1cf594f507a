/**
 * Our own origin inside Electron: the renderer is loaded from `app://ragents/`, never file://,
 * so it has a real origin that the guards and the IPC sender check can compare against.
 */
export const APP_SCHEME = "app";
export const APP_HOST = "ragents";
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for URLs of our bundle. (`URL.origin` is "null" for custom schemes, so compare the parts.) */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
