/**
 * The one IPC registration wrapper: every contract channel is handled here, and every call is
 * checked before the core sees it: the sender must be a window we made, calling from its top
 * frame, showing our own app:// page; the payload must parse against the contract. The reply is
 * always an envelope, never a thrown Error. (Only types come from electron, so tests can run it.)
 */
import type { IpcMain, IpcMainInvokeEvent } from "electron";
import { CHANNELS, parseRequest, toContractError, type Channel } from "../../shared/contract/index.js";
import type { IpcReply } from "../../shared/transport/ipc-protocol.js";
import { isAppUrl } from "./app-origin.js";

export interface ContractHandler {
  handle(channel: Channel, payload: unknown): Promise<unknown>;
}

/** The parts of an invoke event the sender check reads. */
export type SenderInfo = Pick<IpcMainInvokeEvent, "senderFrame"> & { sender: Pick<IpcMainInvokeEvent["sender"], "id"> };

/**
 * `trustedContents` holds the webContents ids of our windows; a page we did not create (a
 * devtools extension, some future webview) is refused even if it somehow loaded app://.
 */
export function isTrustedSender(event: SenderInfo, trustedContents: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame || !trustedContents.has(event.sender.id)) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export async function handleContractCall(
  core: ContractHandler,
  trustedContents: ReadonlySet<number>,
  event: SenderInfo,
  channel: string,
  payload: unknown,
): Promise<IpcReply> {
  if (!isTrustedSender(event, trustedContents)) {
    return { ok: false, error: { code: "forbidden", message: `refused ${channel}: the caller is not an rAgents window` } };
  }
  const parsed = parseRequest(channel, payload);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    return { ok: true, result: await core.handle(channel as Channel, payload) };
  } catch (error) {
    return { ok: false, error: toContractError(error) };
  }
}

/** Registers every channel of the contract; returns a function that removes them all. */
export function registerContractHandlers(ipcMain: Pick<IpcMain, "handle" | "removeHandler">, core: ContractHandler, trustedContents: ReadonlySet<number>): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => handleContractCall(core, trustedContents, event, channel, payload));
  }
  return () => CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}
