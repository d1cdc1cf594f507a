import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine;
let ollama: Ollama;

beforeAll(async () => {
  engine = await startEngine({ parallel: 4 });
  ollama = new Ollama({ host: engine.url });
});
afterAll(() => engine?.stop());

const schema = {
  type: "object",
  properties: {
    verdict: { enum: ["approve", "request-changes", "comment"] },
    severity: { enum: [0, 1, 2, 3, 4, 5] },
  },
  required: ["verdict", "severity"],
  additionalProperties: false,
};

describe("structured output from a random-weight model", () => {
  it("always parses and satisfies a JSON schema with an enum (20 generations)", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ollama.chat({
      model: "tiny-random", messages: [{ role: "user", content: `review #${i}` }], stream: false,
      format: schema, options: { seed: i, temperature: 1 },
    })));
    const verdicts = new Set<string>();
    for (const answer of answers) {
      const parsed = JSON.parse(answer.message.content);
      expect(Object.keys(parsed).sort()).toEqual(["severity", "verdict"]);
      expect(["approve", "request-changes", "comment"]).toContain(parsed.verdict);
      expect(Number.isInteger(parsed.severity)).toBe(true);
      expect(parsed.severity).toBeGreaterThanOrEqual(0);
      expect(parsed.severity).toBeLessThanOrEqual(5);
      verdicts.add(parsed.verdict);
    }
    // Random weights with different seeds should not all agree: the grammar constrains, it does not decide.
    expect(verdicts.size).toBeGreaterThan(1);
  });

  it("format json yields parseable JSON", async () => {
    const res = await ollama.generate({ model: "tiny-random", prompt: "json please", format: "json", stream: false, options: { seed: 3, num_predict: 400 } });
    if (res.done_reason === "stop") expect(() => JSON.parse(res.response ?? "")).not.toThrow();
    else expect(res.done_reason).toBe("length");
  });

  it("refuses a schema it cannot enforce, naming the keyword", async () => {
    await expect(ollama.generate({ model: "tiny-random", prompt: "x", format: { type: "nonsense-type" }, stream: false }))
      .rejects.toMatchObject({ status_code: 400, error: expect.stringMatching(/nonsense-type/) });
    await expect(ollama.generate({ model: "tiny-random", prompt: "x", format: { type: "integer", minimum: 0 }, stream: false }))
      .rejects.toMatchObject({ status_code: 400, error: expect.stringMatching(/'minimum'/) });
  });
});
