/**
 * The host side of the contract: parse the request against the channel map (unknown channel,
 * wrong shape, oversized field → `bad_request`, and the core is never called), run it on the
 * core, and turn whatever is thrown into `{ code, message }`. Shared by the socket and `/api`.
 */
import { isChannel, parseRequest, toContractError, type Channel } from "../../shared/contract/index.js";
import type { Dispatch } from "./socket-session.js";

/** The slice of the core the host needs: answer a channel. */
export interface ContractHandler {
  handle(channel: Channel, payload: unknown): Promise<unknown>;
}

export function createDispatch(core: ContractHandler, log: (line: string) => void): Dispatch {
  return async (channel, payload) => {
    const parsed = parseRequest(channel, payload);
    if (!parsed.ok || !isChannel(channel)) {
      return { ok: false, error: parsed.ok ? { code: "bad_request", message: "unknown channel" } : parsed.error };
    }
    try {
      return { ok: true, result: await core.handle(channel, payload) };
    } catch (error) {
      const contractError = toContractError(error);
      if (contractError.code === "internal") log(`core: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, error: contractError };
    }
  };
}
