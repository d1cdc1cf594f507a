import { defineConfig } from "vitest/config";

// One runner for everything: unit, integration against the real engine, and browser e2e.
// Forks (not threads) because node-llama-cpp's native addon and child processes behave best
// in a process of their own; two at a time to match the two-core machines this runs on.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
