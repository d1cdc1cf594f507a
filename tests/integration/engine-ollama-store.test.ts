import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRandomModel } from "../../electron/engine/gguf/random-model.js";
import { makeTempDir, startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine;
let ollama: Ollama;
let store: string;
let blob: string;

/** Lays out a model exactly as `ollama pull` stores it: a manifest naming a content-addressed blob. */
async function addToOllamaStore(root: string, host: string, namespace: string, model: string, tag: string, seed: number): Promise<string> {
  await mkdir(root, { recursive: true });
  const tmp = join(root, `tmp-${seed}.gguf`);
  await makeRandomModel({ out: tmp, seed });
  const bytes = await readFile(tmp);
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  await mkdir(join(root, "blobs"), { recursive: true });
  const blobPath = join(root, "blobs", digest.replace(":", "-"));
  await writeFile(blobPath, bytes);
  const manifestDir = join(root, "manifests", host, namespace, model);
  await mkdir(manifestDir, { recursive: true });
  await writeFile(join(manifestDir, tag), JSON.stringify({
    schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: "sha256:" + "0".repeat(64), size: 2 },
    layers: [
      { mediaType: "application/vnd.ollama.image.model", digest, size: bytes.length },
      { mediaType: "application/vnd.ollama.image.template", digest: "sha256:" + "1".repeat(64), size: 10 },
    ],
  }));
  return blobPath;
}

beforeAll(async () => {
  store = join(await makeTempDir("ragents-ollama-store-"), "models");
  blob = await addToOllamaStore(store, "registry.ollama.ai", "library", "qwen-tiny", "0.5b", 21);
  await addToOllamaStore(store, "registry.ollama.ai", "someone", "coder", "latest", 22);
  await mkdir(join(store, "manifests", "registry.ollama.ai", "library", "broken"), { recursive: true });
  await writeFile(join(store, "manifests", "registry.ollama.ai", "library", "broken", "latest"), "{not json");
  engine = await startEngine({ extraArgs: ["--ollama-models", store] });
  ollama = new Ollama({ host: engine.url });
});
afterAll(() => engine?.stop());

describe("models the user already pulled with Ollama", () => {
  it("are listed under Ollama's names with the blob's digest, without a copy", async () => {
    const { models } = await ollama.list();
    const names = models.map((m) => m.name).sort();
    expect(names).toEqual(["qwen-tiny:0.5b", "someone/coder:latest", "tiny-random:latest"]);
    const qwen = models.find((m) => m.name === "qwen-tiny:0.5b")!;
    expect(`sha256-${qwen.digest}`).toBe(blob.split("/").pop());
  });

  it("can be used for inference", async () => {
    const reply = await ollama.chat({ model: "qwen-tiny:0.5b", messages: [{ role: "user", content: "hi" }], stream: false, options: { num_predict: 3 } });
    expect(reply.done).toBe(true);
  });

  it("are read-only: delete is refused and the blob stays", async () => {
    await expect(ollama.delete({ model: "someone/coder" })).rejects.toMatchObject({ status_code: 403, error: expect.stringMatching(/read-only/) });
    expect((await ollama.list()).models.map((m) => m.name)).toContain("someone/coder:latest");
    expect((await readFile(blob)).length).toBeGreaterThan(0);
  });

  it("can be copied into the engine's own folder, which is writable", async () => {
    await ollama.copy({ source: "qwen-tiny:0.5b", destination: "my-qwen" });
    await ollama.delete({ model: "my-qwen" });
    expect((await ollama.list()).models.map((m) => m.name)).not.toContain("my-qwen:latest");
  });
});
