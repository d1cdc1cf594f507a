import { describe, expect, it } from "vitest";
import type { FleetSnapshot, SystemSnapshot } from "../../shared/contract/index.js";
import { summarizeForTray } from "../../electron/main/tray-summary.js";

const GIB = 1024 ** 3;

describe("tray summary", () => {
  it("says what is up, what is loaded, RAM against the budget, and tok/s", () => {
    const base = { kind: "builtin-engine" as const, url: "", owner: "ragents" as const, hasToken: false, version: null, checkedAt: null, nextCheckAt: null, installed: [] };
    const fleet: FleetSnapshot = {
      revision: 1,
      pulls: [],
      endpoints: [
        { ...base, id: "local", name: "Local Ollama", status: "down", reason: "connection refused", latencyMs: null, loaded: [], throughput: [] },
        {
          ...base,
          id: "builtin",
          name: "Built-in engine",
          status: "up",
          reason: null,
          latencyMs: 3.4,
          loaded: [{ name: "tiny-random:latest", sizeBytes: 2 * GIB, sizeVramBytes: 0, expiresAt: null, contextLength: 2048 }],
          throughput: [{ model: "tiny-random:latest", tokensPerSecond: 42.25, promptTokensPerSecond: null, recent: [], samples: 1, updatedAt: "" }],
        },
      ],
    };
    const system = {
      memory: { totalBytes: 16 * GIB, usedBytes: 8 * GIB, availableBytes: 8 * GIB, swapTotalBytes: 0, swapUsedBytes: 0 },
      budget: { budgetBytes: 10 * GIB, source: "default", usedByModelsBytes: 2 * GIB, remainingBytes: 8 * GIB },
    } as SystemSnapshot;
    expect(summarizeForTray(fleet, system)).toEqual({
      tooltip: "rAgents: 1/2 endpoints up, 1 loaded",
      endpoints: ["○ Local Ollama: down (connection refused)", "● Built-in engine: up (3 ms)"],
      loaded: ["tiny-random:latest on Built-in engine: 2.0 GB"],
      memory: "RAM: models 2.0 GB of 10.0 GB budget · system 8.0 GB of 16.0 GB",
      throughput: "Generation: best 42.3 tok/s",
    });
  });

  it("has something to say before the first snapshot", () => {
    expect(summarizeForTray(null, null)).toMatchObject({ endpoints: ["No endpoints"], loaded: ["No models loaded"], memory: "RAM: measuring…" });
  });
});
