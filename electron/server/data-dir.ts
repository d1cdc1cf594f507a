/**
 * Where the headless host keeps its data when neither `--data` nor `RAGENTS_DATA_DIR` says.
 * It is the same folder Electron's `app.getPath("userData")` gives the desktop app (appData +
 * product name), so the shell and the host share settings and the token on one machine.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export const PRODUCT_NAME = "rAgents";

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  if (platform === "win32") return join(env.APPDATA ?? join(home, "AppData", "Roaming"), PRODUCT_NAME);
  if (platform === "darwin") return join(home, "Library", "Application Support", PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), PRODUCT_NAME);
}

/** `--data` wins over `RAGENTS_DATA_DIR`, which wins over the per-user default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag || env.RAGENTS_DATA_DIR || defaultDataDir(env);
  return resolve(chosen);
}
