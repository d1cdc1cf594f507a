import { parseArgs } from "node:util";
import { isPresetName, makeRandomModel, MODEL_PRESETS } from "./random-model.js";

/** `ragents make-model --out FILE [--preset tiny|small|medium] [--seed N]` */
export async function makeModelCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      preset: { type: "string", default: "tiny" },
      seed: { type: "string", default: "1" },
      name: { type: "string" },
    },
    strict: true,
  });
  if (!values.out) throw new Error("--out FILE is required");
  const preset = values.preset!;
  if (!isPresetName(preset)) throw new Error(`--preset must be one of ${Object.keys(MODEL_PRESETS).join(", ")}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error("--seed must be an integer from 0 to 4294967295");
  const started = performance.now();
  const made = await makeRandomModel({ out: values.out, preset, seed, ...(values.name ? { name: values.name } : {}) });
  const ms = (performance.now() - started).toFixed(0);
  process.stdout.write(`wrote ${made.path} (${preset}, seed ${seed}, ${made.bytes} bytes) in ${ms} ms\n`);
}
