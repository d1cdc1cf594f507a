/**
 * The JSON-schema keywords llama.cpp grammars (through node-llama-cpp) can enforce. A schema
 * using anything else (`minimum`, `pattern`, `anyOf`...) is refused with a 400 naming the keyword,
 * instead of being silently ignored and returning output that breaks the caller's validation.
 */
import { badRequest } from "./engine-error.js";

const ENFORCED = new Set([
  "type", "properties", "required", "additionalProperties", "items", "prefixItems", "minItems", "maxItems",
  "enum", "const", "oneOf", "$ref", "$defs", "minLength", "maxLength", "format", "minProperties", "maxProperties",
]);
/** Annotations: they describe, they do not constrain, so ignoring them is correct. */
const ANNOTATIONS = new Set(["title", "description", "$schema", "$id", "$comment", "default", "examples"]);
const TYPES = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);

export function assertSupportedSchema(schema: unknown, path = "format"): void {
  if (typeof schema === "boolean") return;
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) throw badRequest(`invalid format: ${path} must be a JSON schema object`);
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (!ENFORCED.has(key)) throw badRequest(`invalid format: JSON schema keyword '${key}' at ${path} is not supported by the built-in engine`);
    if (key === "type") {
      const types = Array.isArray(value) ? value : [value];
      for (const t of types) if (typeof t !== "string" || !TYPES.has(t)) throw badRequest(`invalid format: unknown type '${String(t)}' at ${path}`);
    } else if (key === "properties" || key === "$defs") {
      if (!value || typeof value !== "object") throw badRequest(`invalid format: ${path}.${key} must be an object`);
      for (const [name, sub] of Object.entries(value)) assertSupportedSchema(sub, `${path}.${key}.${name}`);
    } else if (key === "items" || key === "additionalProperties") {
      if (typeof value !== "boolean") assertSupportedSchema(value, `${path}.${key}`);
    } else if (key === "prefixItems" || key === "oneOf") {
      if (!Array.isArray(value)) throw badRequest(`invalid format: ${path}.${key} must be an array`);
      value.forEach((sub, i) => assertSupportedSchema(sub, `${path}.${key}[${i}]`));
    }
  }
}
