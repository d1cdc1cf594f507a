import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatParameterCount, inspectGguf } from "../../electron/engine/gguf/gguf-inspect.js";
import { buildVocab, makeRandomModel, MODEL_PRESETS } from "../../electron/engine/gguf/random-model.js";
import { makeTempDir } from "../support/engine.js";

describe("make-model", () => {
  it("is deterministic per seed and differs across seeds", async () => {
    const dir = await makeTempDir();
    const [a, b, c] = ["a", "b", "c"].map((n) => join(dir, `${n}.gguf`));
    await makeRandomModel({ out: a!, seed: 5 });
    await makeRandomModel({ out: b!, seed: 5 });
    await makeRandomModel({ out: c!, seed: 6 });
    const [fa, fb, fc] = await Promise.all([a!, b!, c!].map((p) => readFile(p)));
    expect(fa!.equals(fb!)).toBe(true);
    expect(fa!.equals(fc!)).toBe(false);
    expect(fa!.length).toBe(fc!.length);
  });

  it("writes a llama GGUF that reads back with the preset's shape and the random-weights label", async () => {
    const out = join(await makeTempDir(), "tiny.gguf");
    await makeRandomModel({ out });
    const summary = await inspectGguf(out);
    const tiny = MODEL_PRESETS.tiny;
    expect(summary.architecture).toBe("llama");
    expect(summary.embeddingLength).toBe(tiny.embedding);
    expect(summary.contextLength).toBe(tiny.contextLength);
    expect(summary.quantizationLevel).toBe("F32");
    expect(summary.randomWeights).toBe(true);
    expect(summary.chatTemplate).toContain("<|im_start|>");
    expect(summary.modelInfo["llama.block_count"]).toBe(tiny.layers);
    const vocab = buildVocab().tokens.length;
    const ff = tiny.feedForward, n = tiny.embedding;
    const expected = 2 * vocab * n + n + tiny.layers * (2 * n + 4 * n * n + 3 * n * ff);
    expect(summary.parameterCount).toBe(expected);
    // Every parameter is an F32: the file is the parameters plus a small header and padding.
    const size = (await stat(out)).size;
    expect(size).toBeGreaterThan(expected * 4);
    expect(size).toBeLessThan(expected * 4 + 64 * 1024);
  });

  it("has byte-fallback tokens for every byte, so any text can be tokenized", () => {
    const { tokens, types } = buildVocab();
    for (let b = 0; b < 256; b++) {
      const i = tokens.indexOf(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
      expect(i).toBeGreaterThan(0);
      expect(types[i]).toBe(6);
    }
  });

  it("formats parameter counts as Ollama does", () => {
    expect(formatParameterCount(8_030_261_248)).toBe("8.03B");
    expect(formatParameterCount(494_032_768)).toBe("494M");
    expect(formatParameterCount(176_960)).toBe("177K");
    expect(formatParameterCount(12)).toBe("12");
  });
});
