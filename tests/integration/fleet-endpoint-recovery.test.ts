/**
 * An endpoint that goes away is shown down with its reason (and nothing loaded), and comes
 * back up by itself when its server returns on the same address.
 */
import { afterAll, expect, it } from "vitest";
import { EngineSupervisor } from "../../electron/core/engine-supervisor.js";
import type { Core } from "../../electron/core/create-core.js";
import { endpointIn, startTestCore, untilFleet } from "../support/core-fixtures.js";
import { startEngine, type RunningEngine } from "../support/engine.js";

let engine: RunningEngine | undefined;
let replacement: EngineSupervisor | undefined;
let core: Core | undefined;
afterAll(async () => {
  await core?.close();
  await replacement?.stop();
  await engine?.stop();
});

it("shows an endpoint down with its reason and brings it back when it returns", async () => {
  engine = await startEngine({ models: [{ name: "tiny-random" }] });
  ({ core } = await startTestCore({ localOllamaUrl: engine.url }));
  const c = core;
  await untilFleet(c, (s) => endpointIn(s, "local")?.status === "up");
  await c.request("fleet:load", { endpointId: "local", model: "tiny-random" });
  expect(endpointIn(await c.request("fleet:list", {}), "local")!.loaded).toHaveLength(1);

  await engine.supervisor.stop(); // the engine is gone; its models folder stays
  const down = await untilFleet(c, (s) => {
    const e = endpointIn(s, "local");
    return e?.status === "down" && e;
  });
  expect(down.reason).toBe("connection refused");
  expect(down.loaded).toEqual([]);
  expect(down.installed.map((m) => m.name)).toContain("tiny-random:latest"); // last known, still shown
  expect(Date.parse(down.nextCheckAt!)).toBeGreaterThan(0);
  await expect(c.handle("fleet:load", { endpointId: "local", model: "tiny-random" })).rejects.toMatchObject({
    code: "unavailable",
    message: /down: connection refused/,
  });

  replacement = new EngineSupervisor({
    modelsDir: engine.modelsDir,
    port: Number(new URL(engine.url).port),
    extraArgs: ["--ollama-models", "none", "--threads", "1"],
  });
  await replacement.start();
  const up = await untilFleet(c, (s) => {
    const e = endpointIn(s, "local");
    return e?.status === "up" && e;
  });
  expect(up.reason).toBeNull();
  expect(up.nextCheckAt).toBeNull();
  expect(up.installed.map((m) => m.name)).toContain("tiny-random:latest");
});
