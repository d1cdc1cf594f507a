import { describe, expect, it } from "vitest";
import { EngineError } from "../../electron/engine/engine-error.js";
import { parseKeepAlive } from "../../electron/engine/http/ollama-requests.js";
import { assertSupportedSchema } from "../../electron/engine/json-schema-check.js";
import { parseModelName } from "../../electron/engine/model-names.js";

describe("keep_alive", () => {
  it.each([
    [undefined, 300_000], ["", 300_000], [0, 0], ["0", 0], [30, 30_000], ["30", 30_000], ["5m", 300_000],
    ["1h30m", 5_400_000], ["300ms", 300], ["1.5h", 5_400_000], [-1, -1], ["-1", -1], ["-5m", -1],
  ] as const)("%s → %s ms", (input, ms) => {
    expect(parseKeepAlive(input as string | number | undefined, 300_000)).toBe(ms);
  });

  it.each(["soon", "5 minutes", "m5", "1d", "NaN"])("refuses %s", (input) => {
    expect(() => parseKeepAlive(input, 0)).toThrow(EngineError);
  });
});

describe("model names", () => {
  it("defaults the tag and keeps namespaces", () => {
    expect(parseModelName("tiny-random").full).toBe("tiny-random:latest");
    expect(parseModelName("team/coder:q4_K_M")).toEqual({ repository: "team/coder", tag: "q4_K_M", full: "team/coder:q4_K_M" });
    expect(parseModelName("registry.example.com/team/coder:v1").repository).toBe("registry.example.com/team/coder");
  });

  it.each(["../../etc/passwd", "/etc/passwd", "a/../b", "..", "a\\b", "a:b:c/d", "bad\u0000name", "", "a//b", "a/b/c/d", "x:../y", ".hidden"])("refuses %j", (name) => {
    expect(() => parseModelName(name)).toThrow(/model/);
  });
});

describe("JSON schema support", () => {
  it("accepts what grammars enforce", () => {
    expect(() => assertSupportedSchema({
      type: "object", title: "Review", properties: { verdict: { enum: ["a", "b"] }, notes: { type: "array", items: { type: "string", maxLength: 20 }, maxItems: 3 } },
      required: ["verdict"], additionalProperties: false,
    })).not.toThrow();
  });

  it.each([
    [{ type: "integer", minimum: 0 }, /'minimum' at format/],
    [{ type: "object", properties: { x: { type: "string", pattern: "^a" } } }, /'pattern' at format.properties.x/],
    [{ anyOf: [{ type: "string" }] }, /'anyOf'/],
    [{ type: "date" }, /unknown type 'date'/],
    ["json-ish", /must be a JSON schema object/],
  ])("refuses %j", (schema, message) => {
    expect(() => assertSupportedSchema(schema)).toThrow(message);
  });
});
