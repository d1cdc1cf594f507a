/**
 * The models the engine can serve: GGUF files in its own models folder (read-write) and the
 * models the user already pulled with Ollama (read-only: manifests → GGUF blobs, so no second
 * copy is needed).
 *
 * Layout of the models folder: `<name>/<tag>.gguf` (namespaced names nest one folder deeper)
 * and, for convenience, loose `<file>.gguf` files served as `<file>:latest`. Names never hold
 * `:` on disk, so the folder also works on Windows.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { EngineError, notFound } from "./engine-error.js";
import { inspectGguf, type GgufSummary } from "./gguf/gguf-inspect.js";
import { parseModelName, type ModelName } from "./model-names.js";

export interface CatalogEntry {
  name: string;
  path: string;
  /** `ollama` models live in the user's Ollama store and are never written to. */
  source: "local" | "ollama";
  size: number;
  modifiedAt: Date;
  /** Known without hashing for Ollama blobs (the blob name is its digest). */
  digest?: string;
}

const DIGEST_CACHE = ".ragents-digests.json";
const FIND_CACHE_MS = 1000;

export function defaultOllamaModelsDir(): string {
  return process.env.OLLAMA_MODELS || join(homedir(), ".ollama", "models");
}

export class ModelCatalog {
  private digests = new Map<string, { size: number; mtimeMs: number; digest: string }>();
  private digestsLoaded = false;
  private saves = 0;
  private hashing = new Map<string, Promise<string>>();
  private summaries = new Map<string, { size: number; mtimeMs: number; summary: GgufSummary }>();
  private recent: { at: number; entries: CatalogEntry[] } | undefined;

  constructor(readonly modelsDir: string, readonly ollamaModelsDir: string | null) {}

  /** The file a local model of this name is (or would be) stored at. */
  localPath(name: ModelName): string {
    return join(this.modelsDir, ...name.repository.split("/"), `${name.tag}.gguf`);
  }

  async list(): Promise<CatalogEntry[]> {
    const byName = new Map<string, CatalogEntry>();
    for (const entry of await this.listOllama()) byName.set(entry.name, entry);
    for (const entry of await this.listLocal()) byName.set(entry.name, entry); // local wins
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Every generate, chat and embed request names a model: a fresh folder walk (and, for the
   * Ollama store, a manifest parse per model) each time would sit on the hot path. A listing
   * younger than a second is reused; a name it lacks is looked up again before the 404, so a
   * file dropped in just now is still found.
   */
  async find(input: unknown): Promise<CatalogEntry> {
    const name = parseModelName(input);
    const fresh = this.recent && Date.now() - this.recent.at < FIND_CACHE_MS;
    let entry = fresh ? this.recent!.entries.find((e) => e.name === name.full) : undefined;
    if (!entry) {
      const entries = await this.list();
      this.recent = { at: Date.now(), entries };
      entry = entries.find((e) => e.name === name.full);
    }
    if (!entry) throw notFound(`model '${name.full}' not found`);
    return entry;
  }

  /** Our own writes (copy, delete, pull) change the folder: the next find looks again. */
  private forgetListing(): void {
    this.recent = undefined;
  }

  async summary(entry: CatalogEntry): Promise<GgufSummary> {
    const st = await stat(entry.path);
    const cached = this.summaries.get(entry.path);
    if (cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached.summary;
    const summary = await inspectGguf(entry.path);
    this.summaries.set(entry.path, { size: st.size, mtimeMs: st.mtimeMs, summary });
    return summary;
  }

  /** `sha256:<hex>` of the file, hashed once and remembered by size and mtime. */
  async digest(entry: CatalogEntry): Promise<string> {
    if (entry.digest) return entry.digest;
    await this.loadDigests();
    const st = await stat(entry.path);
    const cached = this.digests.get(entry.path);
    if (cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached.digest;
    // One hash per file at a time: the background pass and a listing may ask together.
    let hashing = this.hashing.get(entry.path);
    if (!hashing) {
      hashing = sha256File(entry.path).then((hex) => `sha256:${hex}`).finally(() => this.hashing.delete(entry.path));
      this.hashing.set(entry.path, hashing);
    }
    const digest = await hashing;
    this.rememberDigest(entry.path, st.size, st.mtimeMs, digest);
    await this.saveDigests();
    return digest;
  }

  /** Records a digest computed elsewhere (a pull hashes while it downloads). */
  async recordDigest(path: string, digest: string): Promise<void> {
    this.forgetListing(); // a pull or copy just put a model in place
    await this.loadDigests();
    const st = await stat(path);
    this.rememberDigest(path, st.size, st.mtimeMs, digest);
    await this.saveDigests();
  }

  async remove(input: unknown): Promise<CatalogEntry> {
    const entry = await this.find(input);
    if (entry.source === "ollama") {
      throw new EngineError(403, `model '${entry.name}' belongs to the Ollama store and is read-only here; delete it with Ollama`);
    }
    await rm(entry.path, { force: true });
    this.forgetListing();
    this.digests.delete(entry.path);
    this.summaries.delete(entry.path);
    await this.saveDigests();
    await this.pruneEmptyDirs(dirname(entry.path));
    return entry;
  }

  async copy(sourceInput: unknown, destinationInput: unknown): Promise<void> {
    const source = await this.find(sourceInput);
    const destination = parseModelName(destinationInput);
    const target = this.localPath(destination);
    if (target === source.path) return;
    await mkdir(dirname(target), { recursive: true });
    // Copy to a temporary name first so a crash never leaves a half model under the new name.
    const temporary = `${target}.partial-copy`;
    await copyFile(source.path, temporary);
    await rename(temporary, target);
    // Same bytes, same digest: carry it over instead of hashing the copy again.
    await this.recordDigest(target, await this.digest(source));
  }

  private async listLocal(): Promise<CatalogEntry[]> {
    const out: CatalogEntry[] = [];
    await walkFiles(this.modelsDir, 3, async (full, depth, name) => {
      if (name.startsWith(".") || !name.endsWith(".gguf")) return;
      const modelName = this.nameForLocalFile(full);
      if (!modelName) return;
      const st = await stat(full);
      out.push({ name: modelName, path: full, source: "local", size: st.size, modifiedAt: st.mtime });
    });
    return out;
  }

  private nameForLocalFile(path: string): string | null {
    const parts = relative(this.modelsDir, path).split(sep);
    const file = parts.pop()!.slice(0, -".gguf".length);
    const candidate = parts.length === 0 ? `${file}:latest` : `${parts.join("/")}:${file}`;
    try {
      return parseModelName(candidate).full;
    } catch {
      return null; // a file whose name cannot be a model name is simply not served
    }
  }

  private async listOllama(): Promise<CatalogEntry[]> {
    if (!this.ollamaModelsDir) return [];
    const manifests = join(this.ollamaModelsDir, "manifests");
    const out: CatalogEntry[] = [];
    await walkFiles(manifests, 3, async (full, depth) => {
      if (depth !== 3) return;
      const entry = await this.readOllamaManifest(manifests, full);
      if (entry) out.push(entry);
    });
    return out;
  }

  /** manifests/<registry>/<namespace>/<model>/<tag> → the blob of its `image.model` layer. */
  private async readOllamaManifest(root: string, path: string): Promise<CatalogEntry | null> {
    const [registry, namespace, model, tag] = relative(root, path).split(sep);
    try {
      const manifest = JSON.parse(await readFile(path, "utf8")) as { layers?: { mediaType?: string; digest?: string }[] };
      const layer = manifest.layers?.find((l) => l.mediaType === "application/vnd.ollama.image.model");
      if (!layer?.digest || !/^sha256:[0-9a-f]{64}$/.test(layer.digest)) return null;
      const blob = join(this.ollamaModelsDir!, "blobs", layer.digest.replace(":", "-"));
      const st = await stat(blob);
      let display = `${model}:${tag}`;
      if (registry !== "registry.ollama.ai") display = `${registry}/${namespace}/${display}`;
      else if (namespace !== "library") display = `${namespace}/${display}`;
      const name = parseModelName(display).full;
      return { name, path: blob, source: "ollama", size: st.size, modifiedAt: (await stat(path)).mtime, digest: layer.digest };
    } catch {
      return null; // a broken or foreign manifest is skipped, never fatal
    }
  }

  private rememberDigest(path: string, size: number, mtimeMs: number, digest: string): void {
    this.digests.set(path, { size, mtimeMs, digest });
  }

  private async loadDigests(): Promise<void> {
    if (this.digestsLoaded) return;
    this.digestsLoaded = true;
    try {
      const raw = JSON.parse(await readFile(join(this.modelsDir, DIGEST_CACHE), "utf8")) as Record<string, { size: number; mtimeMs: number; digest: string }>;
      for (const [path, value] of Object.entries(raw)) this.digests.set(path, value);
    } catch {
      // no cache yet, or an unreadable one: digests are recomputed
    }
  }

  private async saveDigests(): Promise<void> {
    await mkdir(this.modelsDir, { recursive: true });
    const file = join(this.modelsDir, DIGEST_CACHE);
    // A temporary name per save: concurrent saves (a listing hashes files in parallel) must not
    // rename each other's half-written file. The last complete one wins, and each holds the whole map.
    const temporary = `${file}.${process.pid}.${++this.saves}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.digests)));
    await rename(temporary, file);
  }

  private async pruneEmptyDirs(dir: string): Promise<void> {
    while (dir.startsWith(this.modelsDir + sep)) {
      try {
        if ((await readdir(dir)).length > 0) return;
        await rmdir(dir);
      } catch {
        return;
      }
      dir = dirname(dir);
    }
  }
}

/** Visits the files under `root`, down to `maxDepth` folders deep; dot-folders are skipped. */
async function walkFiles(root: string, maxDepth: number, visit: (path: string, depth: number, name: string) => Promise<void>): Promise<void> {
  const walk = async (dir: string, depth: number): Promise<void> => {
    let items;
    try {
      items = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // a missing or unreadable folder simply holds no models
    }
    for (const item of items) {
      const full = join(dir, item.name);
      if (item.isDirectory() && depth < maxDepth && !item.name.startsWith(".")) await walk(full, depth + 1);
      else if (item.isFile()) await visit(full, depth, item.name);
    }
  };
  await walk(root, 0);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
