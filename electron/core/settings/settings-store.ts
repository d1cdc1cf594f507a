/**
 * Settings persisted as `settings.json` in the data folder. A file that does not parse is never
 * overwritten in place: it is moved aside as `settings.json.corrupt-<timestamp>`, defaults are
 * used, and a notice tells the user where their old file went.
 */
import { mkdir, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { describeIssues, type SettingsNotice } from "../../../shared/contract/index.js";
import { writeFileAtomic } from "./atomic-write.js";
import { defaultSettings, storedSettingsSchema, type StoredSettings } from "./settings-schema.js";

export const SETTINGS_FILE = "settings.json";

export class SettingsStore {
  private current: StoredSettings;
  private readonly noticeList: SettingsNotice[] = [];
  /** Writes are chained so two updates never race on the temp file or reorder on disk. */
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    initial: StoredSettings,
  ) {
    this.current = initial;
  }

  static async open(dataDir: string): Promise<SettingsStore> {
    await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, SETTINGS_FILE);
    const loaded = await readSettings(path);
    const store = new SettingsStore(path, loaded.settings);
    if (loaded.notice) store.noticeList.push(loaded.notice);
    return store;
  }

  get settings(): StoredSettings {
    return this.current;
  }

  get notices(): SettingsNotice[] {
    return [...this.noticeList];
  }

  /**
   * Apply a change and persist it; resolves once it is on disk. The change is validated against
   * the stored schema first, so a bad value is refused and nothing (memory or disk) changes.
   */
  update(change: (settings: StoredSettings) => StoredSettings): Promise<StoredSettings> {
    const run = async () => {
      const next = storedSettingsSchema.parse(change(structuredClone(this.current)));
      await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
      this.current = next;
      return next;
    };
    const result = this.writing.then(run, run);
    this.writing = result.catch(() => undefined);
    return result;
  }
}

async function readSettings(path: string): Promise<{ settings: StoredSettings; notice?: SettingsNotice }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { settings: defaultSettings() };
    throw error;
  }
  let problem: string;
  try {
    const parsed = storedSettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { settings: parsed.data };
    problem = describeIssues(parsed.error);
  } catch (error) {
    problem = `not valid JSON (${(error as Error).message})`;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const aside = `${path}.corrupt-${stamp}`;
  await rename(path, aside);
  return {
    settings: defaultSettings(),
    notice: {
      level: "warning",
      message: `settings.json could not be read (${problem.slice(0, 300)}); it was moved to ${aside} and default settings are used`,
      at: new Date().toISOString(),
    },
  };
}
