/**
 * Ollama-style model names: `[namespace/]name[:tag]`, tag defaulting to `latest`.
 * A name becomes a path under the models folder, so anything that could escape it
 * (`..`, absolute paths, backslashes, control characters) is refused here, once.
 */
import { badRequest } from "./engine-error.js";

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,79}$/;

export interface ModelName {
  /** `namespace/name` or `name` */
  repository: string;
  tag: string;
  /** `repository:tag`, the form every response uses */
  full: string;
}

export function parseModelName(input: unknown): ModelName {
  if (typeof input !== "string" || input.length === 0) throw badRequest("model is required");
  if (input.length > 200) throw badRequest("model name is too long");
  const colon = input.lastIndexOf(":");
  const hasTag = colon > input.lastIndexOf("/");
  const repository = hasTag ? input.slice(0, colon) : input;
  const tag = hasTag ? input.slice(colon + 1) : "latest";
  const segments = repository.split("/");
  const valid = segments.length <= 3 && segments.every((s) => SEGMENT.test(s) && !s.includes("..")) && TAG.test(tag);
  if (!valid) throw badRequest(`invalid model name '${input.replace(/[\u0000-\u001f]/g, "?")}'`);
  return { repository, tag, full: `${repository}:${tag}` };
}
