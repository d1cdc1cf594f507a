/**
 * Reads what the engine needs to know about a GGUF file before llama.cpp ever sees it: the
 * details Ollama reports (family, parameter size, quantization), the trained context length, and
 * whether the file is whole. A file that is not GGUF or is truncated is refused here with a clear
 * message, so a bad download never reaches the native loader.
 */
import { open, stat } from "node:fs/promises";
import { GgufFileType, readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import { EngineError } from "../engine-error.js";

export interface GgufSummary {
  format: "gguf";
  architecture: string;
  parameterCount: number;
  parameterSize: string;
  quantizationLevel: string;
  contextLength: number;
  embeddingLength: number;
  randomWeights: boolean;
  chatTemplate: string | undefined;
  /** Flat `key: value` metadata (large arrays elided), as `/api/show` reports in `model_info`. */
  modelInfo: Record<string, unknown>;
}

/** [elements per block, bytes per block] per ggml type id, from ggml's type traits. */
const GGML_BLOCKS: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110],
  22: [256, 82], 23: [256, 136], 24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8],
  29: [256, 56], 30: [1, 2], 34: [256, 54], 35: [256, 66], 39: [32, 17],
};

/** Ollama's HumanNumber: 175623 → "175.62K", 8030261248 → "8.0B". */
export function formatParameterCount(n: number): string {
  const units: [number, string][] = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
  for (const [size, unit] of units) {
    if (n >= size) {
      const v = n / size;
      return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)}${unit}`.replace(/\.0+([A-Z])$/, ".0$1");
    }
  }
  return String(n);
}

function quantizationName(fileType: number | undefined): string {
  if (fileType === undefined) return "unknown";
  const name = GgufFileType[fileType];
  if (!name) return `type-${fileType}`;
  return name.replace(/^(ALL|MOSTLY)_/, "");
}

function flattenMetadata(value: unknown, prefix: string, out: Record<string, unknown>): void {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenMetadata(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.length > 64) {
    out[prefix] = null; // Ollama elides vocabularies and other long arrays unless verbose
  } else {
    out[prefix] = typeof value === "bigint" ? Number(value) : value;
  }
}

async function assertGgufMagic(path: string): Promise<void> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    if (bytesRead < 4 || head.toString("latin1") !== "GGUF") {
      throw new EngineError(500, `model file is not a GGUF file: ${path}`);
    }
  } finally {
    await file.close();
  }
}

function assertComplete(info: GgufFileInfo, fileSize: number, path: string): void {
  let end = info.infoEndOffset ?? 0;
  for (const tensor of info.fullTensorInfo ?? info.tensorInfo ?? []) {
    const start = Number(tensor.fileOffset);
    const block = GGML_BLOCKS[tensor.ggmlType];
    const elements = tensor.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    const bytes = block ? Math.ceil(elements / block[0]) * block[1] : 1;
    end = Math.max(end, start + bytes);
  }
  if (fileSize < end) {
    throw new EngineError(500, `model file is truncated: ${path} has ${fileSize} bytes, its tensors need ${end}`);
  }
}

export async function inspectGguf(path: string): Promise<GgufSummary> {
  const { size } = await stat(path);
  await assertGgufMagic(path);
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(path, { readTensorInfo: true, ignoreKeys: [] });
  } catch (error) {
    throw new EngineError(500, `model file is not a valid GGUF file (${(error as Error).message}): ${path}`);
  }
  assertComplete(info, size, path);
  const metadata = info.metadata as Record<string, any>;
  const architecture: string = metadata.general?.architecture ?? "unknown";
  const arch = (metadata[architecture] ?? {}) as Record<string, any>;
  let parameterCount = 0;
  for (const tensor of info.fullTensorInfo ?? info.tensorInfo ?? []) {
    parameterCount += tensor.dimensions.reduce<number>((a, d) => a * Number(d), 1);
  }
  const modelInfo: Record<string, unknown> = {};
  const { tokenizer, ...rest } = metadata;
  flattenMetadata(rest, "", modelInfo);
  if (tokenizer) flattenMetadata({ tokenizer: { ggml: { model: tokenizer.ggml?.model } } }, "", modelInfo);
  modelInfo["general.parameter_count"] = parameterCount;
  return {
    format: "gguf",
    architecture,
    parameterCount,
    parameterSize: formatParameterCount(parameterCount),
    quantizationLevel: quantizationName(metadata.general?.file_type),
    contextLength: Number(arch.context_length ?? 2048),
    embeddingLength: Number(arch.embedding_length ?? 0),
    randomWeights: metadata.ragents?.random_weights === true,
    chatTemplate: tokenizer?.chat_template,
    modelInfo,
  };
}
