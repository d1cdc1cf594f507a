/**
 * The fleet's bookkeeping: diffs between polls become minimal changes, bursts are coalesced to
 * the latest change per key, and the RAM budget warns before a load that would not fit.
 */
import { describe, expect, it } from "vitest";
import type { EndpointSummary, FleetChange, InstalledModel, LoadedModel } from "../../shared/contract/index.js";
import { ChangeCoalescer } from "../../electron/core/fleet/change-coalescer.js";
import { FleetStore } from "../../electron/core/fleet/fleet-store.js";
import { checkLoad, computeBudget, defaultBudgetBytes } from "../../electron/core/system/ram-budget.js";

const summary = (id: string, patch: Partial<EndpointSummary> = {}): EndpointSummary => ({
  id,
  name: id,
  kind: "ollama-local",
  url: "http://127.0.0.1:11434",
  owner: "external",
  hasToken: false,
  status: "up",
  reason: null,
  latencyMs: 1,
  version: "0.1.0",
  checkedAt: null,
  nextCheckAt: null,
  ...patch,
});
const installed = (name: string, sizeBytes = 1e9): InstalledModel => ({
  name,
  sizeBytes,
  digest: "",
  family: "llama",
  parameterSize: "",
  quantization: "",
  modifiedAt: "",
  randomWeights: false,
});
const loaded = (name: string, sizeBytes = 1e9): LoadedModel => ({ name, sizeBytes, sizeVramBytes: 0, expiresAt: null, contextLength: 2048 });

describe("FleetStore", () => {
  it("emits only what changed between two polls", () => {
    const batches: FleetChange[][] = [];
    const store = new FleetStore((c) => batches.push(c));
    store.upsertSummary(summary("local"));
    store.setModels("local", [installed("a:latest"), installed("b:latest")], []);
    batches.length = 0;

    store.setModels("local", [installed("a:latest"), installed("c:latest")], [loaded("a:latest")]);
    expect(batches).toEqual([
      [
        { kind: "installed-upserted", endpointId: "local", model: installed("c:latest") },
        { kind: "installed-removed", endpointId: "local", name: "b:latest" },
        { kind: "loaded-upserted", endpointId: "local", model: loaded("a:latest") },
      ],
    ]);
    batches.length = 0;
    store.setModels("local", [installed("a:latest"), installed("c:latest")], [loaded("a:latest")]);
    store.upsertSummary(summary("local"));
    expect(batches).toEqual([]);
    expect(store.lastResidentSize("local", "a:latest")).toBe(1e9);
    expect(store.revision).toBe(6);
  });
});

describe("ChangeCoalescer", () => {
  it("keeps the latest change per key, in the order things happened", async () => {
    const flushed = new Promise<FleetChange[]>((resolve) => {
      const c = new ChangeCoalescer(10, resolve);
      c.push([{ kind: "loaded-upserted", endpointId: "local", model: loaded("a:latest") }]);
      c.push([{ kind: "endpoint-upserted", endpoint: summary("local", { latencyMs: 5 }) }]);
      c.push([{ kind: "loaded-removed", endpointId: "local", name: "a:latest" }]);
      c.push([{ kind: "endpoint-upserted", endpoint: summary("local", { latencyMs: 9 }) }]);
    });
    expect(await flushed).toEqual([
      { kind: "loaded-removed", endpointId: "local", name: "a:latest" },
      { kind: "endpoint-upserted", endpoint: summary("local", { latencyMs: 9 }) },
    ]);
  });
});

describe("RAM budget", () => {
  it("defaults to what a 16 GB Mac's GPU may use (≈10.7 GB), 3/4 on big machines", () => {
    expect(defaultBudgetBytes(16 * 1024 ** 3) / 1024 ** 3).toBeCloseTo(10.67, 1);
    expect(defaultBudgetBytes(64 * 1024 ** 3)).toBe(48 * 1024 ** 3);
  });

  it("counts models loaded on this machine only, and warns before a load that would not fit", () => {
    const local = { ...summary("local"), installed: [installed("big:latest", 6e9), installed("small:latest", 1e9)], loaded: [loaded("small:latest", 4e9)], throughput: [] };
    const remote = { ...summary("remote-1", { kind: "ollama-remote" }), installed: [installed("big:latest", 6e9)], loaded: [loaded("huge:latest", 40e9)], throughput: [] };
    const budget = computeBudget(16e9, 10e9, [local, remote]);
    expect(budget).toEqual({ budgetBytes: 10e9, source: "settings", usedByModelsBytes: 4e9, remainingBytes: 6e9 });

    const big = checkLoad(budget, local, "big:latest");
    expect(big.fits).toBe(false);
    expect(big.requiredBytes).toBe(7.2e9);
    expect(big.warning).toMatch(/big:latest needs about 7\.2 GB but only 6\.0 GB of the 10\.0 GB model budget is free/);
    // Measured size from an earlier load beats the estimate.
    expect(checkLoad(budget, local, "big:latest", 5.5e9)).toMatchObject({ fits: true, warning: null, requiredBytes: 5.5e9 });
    // Already loaded, or on another machine: no cost here.
    expect(checkLoad(budget, local, "small:latest")).toMatchObject({ fits: true, requiredBytes: 0 });
    expect(checkLoad(budget, remote, "big:latest")).toMatchObject({ fits: true, requiredBytes: 0 });
  });
});
