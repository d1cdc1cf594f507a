/**
 * A minimal GGUF v3 writer: just enough of the format (metadata key/values and F32 tensors) to
 * produce the random-weight models the tests and the demo run on. The layout follows ggml's
 * `docs/gguf.md`: header, metadata, tensor infos, padding, then 32-byte-aligned tensor data.
 */
import { open } from "node:fs/promises";

export const GGUF_ALIGNMENT = 32;

/** GGUF metadata value types (gguf.md, `gguf_metadata_value_type`). */
const enum ValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  Uint64 = 10,
}

export type GgufValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "u64"; value: bigint }
  | { type: "string[]"; value: string[] }
  | { type: "f32[]"; value: number[] }
  | { type: "i32[]"; value: number[] };

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the innermost (row) dimension. */
  dims: number[];
  /** Filled with F32 values when the file is written, so large models never sit in memory twice. */
  fill: (out: Float32Array) => void;
}

/** Growable little-endian byte sink for the header part of the file. */
class ByteSink {
  private buf = Buffer.alloc(1 << 16);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u32(v: number): void { this.ensure(4); this.buf.writeUInt32LE(v, this.length); this.length += 4; }
  i32(v: number): void { this.ensure(4); this.buf.writeInt32LE(v, this.length); this.length += 4; }
  f32(v: number): void { this.ensure(4); this.buf.writeFloatLE(v, this.length); this.length += 4; }
  u64(v: bigint): void { this.ensure(8); this.buf.writeBigUInt64LE(v, this.length); this.length += 8; }
  u8(v: number): void { this.ensure(1); this.buf.writeUInt8(v, this.length); this.length += 1; }
  str(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.u64(BigInt(bytes.length));
    this.ensure(bytes.length);
    bytes.copy(this.buf, this.length);
    this.length += bytes.length;
  }
  pad(alignment: number): void {
    const rem = this.length % alignment;
    if (rem) { this.ensure(alignment - rem); this.buf.fill(0, this.length, this.length + alignment - rem); this.length += alignment - rem; }
  }
  bytes(): Buffer { return this.buf.subarray(0, this.length); }
}

function writeValue(sink: ByteSink, v: GgufValue): void {
  switch (v.type) {
    case "u32": sink.u32(ValueType.Uint32); sink.u32(v.value); break;
    case "i32": sink.u32(ValueType.Int32); sink.i32(v.value); break;
    case "f32": sink.u32(ValueType.Float32); sink.f32(v.value); break;
    case "bool": sink.u32(ValueType.Bool); sink.u8(v.value ? 1 : 0); break;
    case "string": sink.u32(ValueType.String); sink.str(v.value); break;
    case "u64": sink.u32(ValueType.Uint64); sink.u64(v.value); break;
    case "string[]":
      sink.u32(ValueType.Array); sink.u32(ValueType.String); sink.u64(BigInt(v.value.length));
      for (const s of v.value) sink.str(s);
      break;
    case "f32[]":
      sink.u32(ValueType.Array); sink.u32(ValueType.Float32); sink.u64(BigInt(v.value.length));
      for (const x of v.value) sink.f32(x);
      break;
    case "i32[]":
      sink.u32(ValueType.Array); sink.u32(ValueType.Int32); sink.u64(BigInt(v.value.length));
      for (const x of v.value) sink.i32(x);
      break;
  }
}

const GGML_TYPE_F32 = 0;

/** Writes a GGUF file with the given metadata and F32 tensors; returns the number of bytes written. */
export async function writeGguf(path: string, metadata: Record<string, GgufValue>, tensors: GgufTensor[]): Promise<number> {
  const head = new ByteSink();
  head.u32(0x46554747); // "GGUF" read as a little-endian u32
  head.u32(3);
  head.u64(BigInt(tensors.length));
  head.u64(BigInt(Object.keys(metadata).length));
  for (const [key, value] of Object.entries(metadata)) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const sizes: number[] = [];
  for (const t of tensors) {
    const elements = t.dims.reduce((a, b) => a * b, 1);
    const size = elements * 4;
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(BigInt(d));
    head.u32(GGML_TYPE_F32);
    head.u64(BigInt(offset));
    sizes.push(size);
    offset += Math.ceil(size / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
  }
  head.pad(GGUF_ALIGNMENT);

  const file = await open(path, "w");
  try {
    let pos = 0;
    await file.write(head.bytes(), 0, head.length, pos);
    pos += head.length;
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i]!;
      const data = new Float32Array(sizes[i]! / 4);
      t.fill(data);
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      await file.write(bytes, 0, bytes.length, pos);
      pos += bytes.length;
      const padding = Math.ceil(bytes.length / GGUF_ALIGNMENT) * GGUF_ALIGNMENT - bytes.length;
      if (padding) { await file.write(Buffer.alloc(padding), 0, padding, pos); pos += padding; }
    }
    await file.sync();
    return pos;
  } finally {
    await file.close();
  }
}
