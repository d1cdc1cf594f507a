/**
 * `POST /api/pull` for GGUF files served over http(s): Ollama-style progress, resumable (a
 * `.partial` file and an HTTP Range request), verified against a sha256 when one is given, and
 * checked to be a whole GGUF file. Until it is verified, nothing exists under the model's name:
 * the partial file lives in a dot-folder the catalog never lists.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { badRequest, EngineError } from "./engine-error.js";
import { inspectGguf } from "./gguf/gguf-inspect.js";
import type { ModelCatalog } from "./model-catalog.js";
import { parseModelName, type ModelName } from "./model-names.js";

export interface PullRequest {
  model?: string | undefined;
  name?: string | undefined;
  url?: string | undefined;
  sha256?: string | undefined;
}

export interface PullProgress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

interface PullPlan { name: ModelName; url: URL; expected: string | undefined }

/** How long a download may go without receiving a byte before it is abandoned. */
const IDLE_TIMEOUT_MS = 30_000;
const running = new Set<string>();

/** Reads `{model: URL#sha256=HEX}` (what the official clients can send) or `{model, url, sha256}`. */
export function planPull(request: PullRequest): PullPlan {
  const model = request.model ?? request.name;
  const source = request.url ?? (model && /^https?:\/\//i.test(model) ? model : undefined);
  if (!source) {
    throw badRequest("the built-in engine pulls GGUF files from http(s) URLs: send {\"model\": \"http(s)://.../file.gguf\"} or {\"model\": \"name:tag\", \"url\": \"...\"}");
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw badRequest(`invalid pull URL '${source}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw badRequest("pull URLs must be http or https");
  const fragment = new URLSearchParams(url.hash.slice(1)).get("sha256") ?? undefined;
  const expected = (request.sha256 ?? fragment)?.toLowerCase().replace(/^sha256:/, "");
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) throw badRequest("sha256 must be 64 hex characters");
  url.hash = "";
  let nameInput = request.url ? model : undefined;
  if (!nameInput) {
    const base = decodeURIComponent(url.pathname.split("/").pop() ?? "").replace(/\.gguf$/i, "");
    nameInput = base;
  }
  return { name: parseModelName(nameInput), url, expected };
}

async function hashExisting(path: string, hash: ReturnType<typeof createHash>): Promise<number> {
  try {
    let size = 0;
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return size;
  } catch {
    return 0;
  }
}

export async function pull(catalog: ModelCatalog, request: PullRequest, signal: AbortSignal, onProgress: (p: PullProgress) => void): Promise<string> {
  const plan = planPull(request);
  const target = catalog.localPath(plan.name);
  const partial = join(catalog.modelsDir, ".partial", `${plan.name.repository.replaceAll("/", "__")}__${plan.name.tag}.gguf.part`);
  if (running.has(partial)) throw new EngineError(409, `a pull of '${plan.name.full}' is already running`);
  running.add(partial);
  try {
    onProgress({ status: "pulling manifest" });
    await mkdir(dirname(partial), { recursive: true });
    const hash = createHash("sha256");
    let offset = await hashExisting(partial, hash);

    const idle = new AbortController();
    const abort = AbortSignal.any([signal, idle.signal]);
    let idleTimer = setTimeout(() => idle.abort(), IDLE_TIMEOUT_MS);
    const response = await fetch(plan.url, { signal: abort, headers: offset > 0 ? { Range: `bytes=${offset}-` } : {} })
      .catch((error: Error) => { throw new EngineError(500, `pull failed: ${signal.aborted ? "cancelled" : error.message}`); });
    if (response.status === 416 && offset > 0) {
      // Already complete (the previous attempt stopped between download and verify).
    } else if (!response.ok) {
      throw new EngineError(response.status === 404 ? 404 : 500, `pull failed: ${plan.url.href} answered HTTP ${response.status}`);
    }
    if (response.status === 200 && offset > 0) {
      // The server ignored our Range: start over rather than append a second copy.
      offset = 0;
      hash.destroy();
      return await restart();
    }
    return await download(response, hash, offset);

    async function restart(): Promise<string> {
      clearTimeout(idleTimer);
      await rm(partial, { force: true });
      running.delete(partial);
      return pull(catalog, request, signal, onProgress);
    }

    async function download(res: Response, h: ReturnType<typeof createHash>, start: number): Promise<string> {
      const length = Number(res.headers.get("content-length") ?? NaN);
      const total = res.status === 416 ? start : Number.isFinite(length) ? start + length : undefined;
      const digest = plan.expected ? `sha256:${plan.expected}` : "";
      const status = `pulling ${plan.expected ? plan.expected.slice(0, 12) : plan.name.full}`;
      let completed = start;
      let lastReport = 0;
      let trailing: NodeJS.Timeout | undefined;
      // At most one report per 100 ms, but never swallow the last one: a download that stalls
      // right after a burst still shows how far it got.
      const report = (force = false) => {
        const now = Date.now();
        if (!force && now - lastReport < 100) {
          trailing ??= setTimeout(() => { trailing = undefined; report(true); }, 100 - (now - lastReport));
          return;
        }
        clearTimeout(trailing);
        trailing = undefined;
        lastReport = now;
        onProgress({ status, digest, ...(total !== undefined ? { total } : {}), completed });
      };
      report(true);
      if (res.status !== 416 && res.body) {
        const file = await open(partial, "a");
        try {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            clearTimeout(idleTimer);
            idleTimer = setTimeout(() => idle.abort(), IDLE_TIMEOUT_MS);
            await file.write(chunk);
            h.update(chunk);
            completed += chunk.length;
            report();
          }
          await file.sync();
        } catch (error) {
          const why = signal.aborted ? "cancelled" : idle.signal.aborted ? `no data for ${IDLE_TIMEOUT_MS / 1000} s` : (error as Error).message;
          throw new EngineError(signal.aborted ? 499 : 500, `pull failed: ${why} (${completed} bytes kept to resume)`);
        } finally {
          clearTimeout(idleTimer);
          clearTimeout(trailing);
          await file.close();
        }
      }
      clearTimeout(idleTimer);
      report(true);
      onProgress({ status: "verifying sha256 digest" });
      const actual = h.digest("hex");
      if (plan.expected && actual !== plan.expected) {
        await rm(partial, { force: true });
        throw new EngineError(500, `digest mismatch, file must be downloaded again: want sha256:${plan.expected}, got sha256:${actual}`);
      }
      try {
        await inspectGguf(partial);
      } catch (error) {
        await rm(partial, { force: true });
        throw new EngineError(500, `pulled file rejected: ${(error as Error).message.replace(partial, plan.url.href)}`);
      }
      onProgress({ status: "writing manifest" });
      await mkdir(dirname(target), { recursive: true });
      await rename(partial, target);
      await catalog.recordDigest(target, `sha256:${actual}`);
      onProgress({ status: "success" });
      return plan.name.full;
    }
  } finally {
    running.delete(partial);
  }
}
