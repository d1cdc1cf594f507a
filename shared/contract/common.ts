/**
 * Bounded building blocks every domain schema is made of. Every string and array that can
 * cross the contract has a ceiling, so an oversized payload is refused by the parser before
 * any code acts on it.
 */
import { z } from "zod";

/** Largest serialized request a transport should accept before even parsing JSON. */
export const MAX_REQUEST_BYTES = 64 * 1024;

export const LIMITS = {
  modelName: 200,
  endpointName: 80,
  endpointId: 64,
  url: 2048,
  token: 4096,
  message: 2000,
  reason: 500,
  endpoints: 32,
  models: 1000,
} as const;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,79}$/;

/** Short text shown to people: bounded and free of control characters. */
export const label = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), "must not contain control characters");

/**
 * An Ollama-style model name, `[namespace/]name[:tag]` (up to three `/` segments, as in
 * `registry/namespace/name`). Names end up as paths on disk on the built-in engine, so the
 * checks that stop path traversal come first and say so plainly.
 */
export const modelNameSchema = z
  .string()
  .min(1, { message: "model name must not be empty", abort: true })
  .max(LIMITS.modelName, { message: `model name must be at most ${LIMITS.modelName} characters`, abort: true })
  .superRefine((name, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (CONTROL_CHARS.test(name)) return fail("model name must not contain control characters");
    if (name.includes("\\")) return fail("model name must not contain backslashes");
    if (name.startsWith("/")) return fail("model name must not be an absolute path");
    if (name.includes("..")) return fail("model name must not contain '..'");
    const colon = name.lastIndexOf(":");
    const hasTag = colon > name.lastIndexOf("/");
    const repository = hasTag ? name.slice(0, colon) : name;
    const segments = repository.split("/");
    if (segments.length > 3 || !segments.every((s) => SEGMENT.test(s))) {
      return fail("model name must look like name, name:tag or namespace/name:tag (letters, digits, '.', '_', '-')");
    }
    if (hasTag && !TAG.test(name.slice(colon + 1))) return fail("model tag must be letters, digits, '.', '_' or '-'");
  });

/** Identifier of an endpoint in the fleet: `local`, `builtin`, or one minted for a remote host. */
export const endpointIdSchema = z
  .string()
  .min(1, "endpoint id must not be empty")
  .max(LIMITS.endpointId, `endpoint id must be at most ${LIMITS.endpointId} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "endpoint id must be lowercase letters, digits and '-'");

/**
 * An http(s) base URL. Credentials in the URL are refused: a bearer token travels separately
 * so it is never shown or logged with the URL. The trailing slash is dropped so URLs compare equal.
 */
export const httpUrlSchema = z
  .string()
  .trim()
  .min(1, "URL must not be empty")
  .max(LIMITS.url, `URL must be at most ${LIMITS.url} characters`)
  .superRefine((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: `'${raw.slice(0, 80)}' is not a valid URL` });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: `URL must use http or https, not ${url.protocol.replace(":", "")}` });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "URL must not contain credentials; give a bearer token instead" });
    }
  })
  .transform((raw) => raw.replace(/\/+$/, ""));

/** A bearer token for a reverse proxy in front of a remote Ollama. */
export const bearerTokenSchema = z
  .string()
  .min(1, "token must not be empty")
  .max(LIMITS.token, `token must be at most ${LIMITS.token} characters`)
  .regex(/^[\x21-\x7e]+$/, "token must be printable ASCII without spaces");

/** A sha256 digest in lowercase or uppercase hex. */
export const sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "sha256 must be 64 hexadecimal characters")
  .transform((hex) => hex.toLowerCase());

export const bytesSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const isoTimeSchema = z.string().max(64);
/** Requests that carry nothing still take an (empty) object, so every channel parses alike. */
export const emptyRequest = z.strictObject({});
