/** Where an executable lives on PATH, if anywhere (the `which` we need, without a shell). */
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

export async function findOnPath(command: string, path = process.env.PATH ?? ""): Promise<string | undefined> {
  const extensions = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  for (const folder of path.split(delimiter).filter(Boolean)) {
    for (const ext of extensions) {
      const candidate = join(folder, command + ext);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
