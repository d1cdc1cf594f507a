/**
 * The Electron IPC wrapper, without Electron: it refuses callers that are not our top-level
 * app:// window, refuses payloads the contract rejects (without calling the core), and always
 * answers with an envelope.
 */
import { describe, expect, it } from "vitest";
import { RagentsError, type Channel } from "../../shared/contract/index.js";
import { handleContractCall, type SenderInfo } from "../../electron/main/ipc-contract.js";

const OURS = 7;
const trusted = new Set([OURS]);
const topFrame = (url: string) => ({ url, parent: null }) as unknown as SenderInfo["senderFrame"];
const event = (id: number, frame: SenderInfo["senderFrame"]): SenderInfo => ({ sender: { id }, senderFrame: frame });

function fakeCore() {
  const calls: Channel[] = [];
  return {
    calls,
    async handle(channel: Channel) {
      calls.push(channel);
      if (channel === "fleet:unload") throw new RagentsError("not_found", "not loaded");
      return { revision: 3, endpoints: [], pulls: [] };
    },
  };
}

describe("IPC contract handler", () => {
  it("answers our own window's top frame", async () => {
    const core = fakeCore();
    const reply = await handleContractCall(core, trusted, event(OURS, topFrame("app://ragents/index.html")), "fleet:list", {});
    expect(reply).toEqual({ ok: true, result: { revision: 3, endpoints: [], pulls: [] } });
  });

  it("refuses foreign senders without calling the core", async () => {
    const core = fakeCore();
    const foreign: Array<[string, SenderInfo]> = [
      ["another webContents", event(99, topFrame("app://ragents/index.html"))],
      ["a remote page", event(OURS, topFrame("https://evil.example/"))],
      ["a file:// page", event(OURS, topFrame("file:///home/me/evil.html"))],
      ["a look-alike host", event(OURS, topFrame("app://ragents.evil/index.html"))],
      ["a subframe", event(OURS, { url: "app://ragents/index.html", parent: {} } as unknown as SenderInfo["senderFrame"])],
      ["a destroyed frame", event(OURS, null)],
    ];
    for (const [what, sender] of foreign) {
      const reply = await handleContractCall(core, trusted, sender, "fleet:list", {});
      expect(reply, what).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(core.calls).toEqual([]);
  });

  it("refuses unknown channels and bad payloads with the contract's message", async () => {
    const core = fakeCore();
    const ours = event(OURS, topFrame("app://ragents/index.html"));
    expect(await handleContractCall(core, trusted, ours, "shell:exec", {})).toEqual({
      ok: false,
      error: { code: "bad_request", message: "unknown channel 'shell:exec'" },
    });
    const bad = await handleContractCall(core, trusted, ours, "endpoints:add", { name: "x", url: "file:///etc" });
    expect(bad).toMatchObject({ ok: false, error: { code: "bad_request" } });
    expect(JSON.stringify(bad)).toContain("URL must use http or https");
    expect(core.calls).toEqual([]);
  });

  it("turns the core's errors into {code, message}", async () => {
    const reply = await handleContractCall(fakeCore(), trusted, event(OURS, topFrame("app://ragents/")), "fleet:unload", { endpointId: "builtin", model: "m" });
    expect(reply).toEqual({ ok: false, error: { code: "not_found", message: "not loaded" } });
  });
});
