/**
 * How the contract rides on Electron IPC. Each request channel is an `ipcMain.handle` channel of
 * the same name; the handler always resolves with a reply envelope, because an exception thrown
 * in main reaches the renderer as a reworded Error that has lost its `code`.
 */
import { z } from "zod";
import { contractErrorSchema } from "../contract/errors.js";

/** The one channel main pushes event batches on (`webContents.send`). */
export const IPC_EVENTS_CHANNEL = "ragents:events";

export const ipcReplySchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);
export type IpcReply = z.infer<typeof ipcReplySchema>;

export const ipcEventBatchSchema = z.array(z.object({ event: z.string(), payload: z.unknown() }));
