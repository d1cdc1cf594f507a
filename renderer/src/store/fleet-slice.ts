/**
 * The fleet as the views see it: the `fleet:list` snapshot with `fleet:changed` deltas applied,
 * running pulls, and the actions on models. Actions go through `runAction` so their errors land
 * next to the button; state changes arrive as events, not from the action's own response.
 */
import type { BenchmarkResult, EndpointState, FleetChange, FleetSnapshot, LoadCheck, PullProgress, RagentsClient } from "../../../shared/contract/index.js";
import { applyFleetChanges } from "../../../shared/fleet/apply-fleet-changes.js";
import type { SliceCreator } from "./app-state.js";
import type { ModelRef } from "./ui-slice.js";

export interface PullRequest extends ModelRef {
  url?: string;
  sha256?: string;
}

export interface FleetSlice {
  fleetStatus: "loading" | "ready" | "error";
  fleetError: string | null;
  fleetRevision: number;
  endpoints: EndpointState[];
  pulls: Record<string, PullProgress>;
  /** Over-budget checks waiting for the user to say "load anyway", keyed `endpointId/model`. */
  overBudget: Record<string, LoadCheck>;
  /** The last benchmark of each model, keyed `endpointId/model`. */
  benchmarks: Record<string, BenchmarkResult>;
  setFleetSnapshot(snapshot: FleetSnapshot): void;
  setFleetError(message: string): void;
  applyFleetChanged(revision: number, changes: FleetChange[]): void;
  applyPullProgress(progress: PullProgress): void;
  loadModel(ref: ModelRef, allowOverBudget?: boolean): Promise<void>;
  unloadModel(ref: ModelRef): Promise<void>;
  benchmarkModel(ref: ModelRef): Promise<void>;
  deleteModel(ref: ModelRef): Promise<boolean>;
  startPull(request: PullRequest): Promise<void>;
  cancelPull(pullId: string): Promise<void>;
  addEndpoint(request: { name: string; url: string; token?: string }): Promise<boolean>;
  removeEndpoint(endpointId: string): Promise<void>;
}

export const modelKey = (ref: ModelRef) => `${ref.endpointId}/${ref.model}`;

export const createFleetSlice =
  (client: RagentsClient): SliceCreator<FleetSlice> =>
  (set, get) => ({
    fleetStatus: "loading",
    fleetError: null,
    fleetRevision: -1,
    endpoints: [],
    pulls: {},
    overBudget: {},
    benchmarks: {},
    setFleetSnapshot: (snapshot) =>
      set({
        fleetStatus: "ready",
        fleetError: null,
        fleetRevision: snapshot.revision,
        endpoints: snapshot.endpoints,
        pulls: Object.fromEntries(snapshot.pulls.map((p) => [p.pullId, p])),
      }),
    setFleetError: (message) => set((state) => ({ fleetStatus: state.fleetStatus === "ready" ? "ready" : "error", fleetError: message })),
    applyFleetChanged(revision, changes) {
      // Changes already contained in the snapshot (raced with `fleet:list`) are skipped.
      if (revision <= get().fleetRevision) return;
      set((state) => ({ fleetRevision: revision, endpoints: applyFleetChanges(state.endpoints, changes) }));
    },
    applyPullProgress: (progress) => set((state) => ({ pulls: { ...state.pulls, [progress.pullId]: progress } })),

    async loadModel(ref, allowOverBudget = false) {
      const key = modelKey(ref);
      const result = await get().runAction(`load:${key}`, () => client.fleet.load({ ...ref, allowOverBudget }));
      set((state) => {
        const overBudget = { ...state.overBudget };
        if (result?.outcome === "over-budget") overBudget[key] = result.check;
        else delete overBudget[key];
        return { overBudget };
      });
    },
    async unloadModel(ref) {
      await get().runAction(`unload:${modelKey(ref)}`, () => client.fleet.unload(ref));
    },
    async benchmarkModel(ref) {
      const result = await get().runAction(`benchmark:${modelKey(ref)}`, () => client.fleet.benchmark(ref));
      if (result) set((state) => ({ benchmarks: { ...state.benchmarks, [modelKey(ref)]: result } }));
    },
    async deleteModel(ref) {
      const done = await get().runAction(`delete:${modelKey(ref)}`, () => client.fleet.delete({ ...ref, confirm: true }));
      return done !== undefined;
    },
    async startPull(request) {
      const result = await get().runAction("pull", () => client.fleet.pull(request));
      if (result) {
        get().applyPullProgress(result.pull);
        set({ activePullId: result.pull.pullId });
      }
    },
    async cancelPull(pullId) {
      await get().runAction(`pull-cancel:${pullId}`, () => client.fleet.pullCancel({ pullId }));
    },
    async addEndpoint(request) {
      const result = await get().runAction("endpoint-add", () => client.endpoints.add(request));
      return result !== undefined;
    },
    async removeEndpoint(endpointId) {
      await get().runAction(`endpoint-remove:${endpointId}`, () => client.endpoints.remove({ endpointId }));
    },
  });
