/**
 * Ollama's answers, checked before use: an endpoint that answers with the wrong shape is
 * reported down ("unexpected answer"), it never puts garbage into the fleet state.
 * Lenient where Ollama versions differ (optional details), strict where we depend on a field.
 */
import { z } from "zod";
import type { InstalledModel, LoadedModel } from "../../../shared/contract/index.js";

const details = z
  .object({
    format: z.string().optional(),
    family: z.string().optional(),
    families: z.array(z.string()).nullish(),
    parameter_size: z.string().optional(),
    quantization_level: z.string().optional(),
  })
  .partial()
  .nullish();

export const versionAnswer = z.object({ version: z.string().max(100) });

export const tagsAnswer = z.object({
  models: z
    .array(
      z.object({
        name: z.string().max(300),
        size: z.number().nonnegative(),
        digest: z.string().max(200).optional(),
        modified_at: z.string().max(64).optional(),
        details,
      }),
    )
    .max(10_000),
});

export const psAnswer = z.object({
  models: z
    .array(
      z.object({
        name: z.string().max(300),
        size: z.number().nonnegative(),
        size_vram: z.number().nonnegative().optional(),
        expires_at: z.string().max(64).nullish(),
        context_length: z.number().int().nonnegative().optional(),
        details,
      }),
    )
    .max(10_000),
});

/** Ollama reports "forever" as an expiry centuries away; the fleet says null. */
const FOREVER_MS = 50 * 365 * 24 * 3600 * 1000;

function isRandomWeights(name: string, d: z.infer<typeof details>): boolean {
  const labels = [d?.family ?? "", ...(d?.families ?? [])];
  return labels.some((l) => /random/i.test(l)) || /(^|[-_/])random([-_:]|$)/i.test(name);
}

export function toInstalledModels(answer: z.infer<typeof tagsAnswer>): InstalledModel[] {
  return answer.models
    .map((m) => ({
      name: m.name.slice(0, 200),
      sizeBytes: Math.round(m.size),
      digest: (m.digest ?? "").slice(0, 128),
      family: (m.details?.family ?? "").slice(0, 100),
      parameterSize: (m.details?.parameter_size ?? "").slice(0, 50),
      quantization: (m.details?.quantization_level ?? "").slice(0, 50),
      modifiedAt: m.modified_at ?? "",
      randomWeights: isRandomWeights(m.name, m.details),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function toLoadedModels(answer: z.infer<typeof psAnswer>, now = Date.now()): LoadedModel[] {
  return answer.models
    .map((m) => {
      const expires = m.expires_at ? Date.parse(m.expires_at) : NaN;
      return {
        name: m.name.slice(0, 200),
        sizeBytes: Math.round(m.size),
        sizeVramBytes: Math.round(m.size_vram ?? 0),
        expiresAt: Number.isFinite(expires) && expires - now < FOREVER_MS ? new Date(expires).toISOString() : null,
        contextLength: m.context_length ?? null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
