/**
 * The sandboxed preload: exposes `window.ragents`, built from the contract's channel map, and
 * nothing else. `ipcRenderer` stays in here; the page gets one method per channel and `on` per
 * event, so it cannot send on a channel the contract does not name.
 */
import { contextBridge, ipcRenderer } from "electron";
import {
  CHANNELS,
  channelMethod,
  createClient,
  toContractError,
  type ClientTransport,
  type RagentsClient,
} from "../../shared/contract/index.js";
import { IPC_EVENTS_CHANNEL, ipcEventBatchSchema, ipcReplySchema } from "../../shared/transport/ipc-protocol.js";

const handlers = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENTS_CHANNEL, (_event, batch: unknown) => {
  const parsed = ipcEventBatchSchema.safeParse(batch);
  if (!parsed.success) return;
  for (const { event, payload } of parsed.data) {
    for (const handler of handlers.get(event) ?? []) handler(payload);
  }
});

const transport: ClientTransport = {
  async invoke(channel, payload) {
    const reply = ipcReplySchema.safeParse(await ipcRenderer.invoke(channel, payload));
    if (!reply.success) throw { code: "internal", message: `malformed reply on ${channel}` };
    if (!reply.data.ok) throw reply.data.error;
    return reply.data.result;
  },
  on(event, handler) {
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => void set.delete(handler);
  },
};

/**
 * contextBridge copies a thrown Error without its custom fields, so `RagentsError.code` would be
 * lost on the way to the page. Methods reject with a plain `{ code, message }` instead, which
 * crosses intact and is what `toContractError` reads on the other side.
 */
function withPlainErrors(client: RagentsClient): RagentsClient {
  const domains = client as unknown as Record<string, Record<string, (request?: unknown) => Promise<unknown>>>;
  const exposed: Record<string, unknown> = { on: client.on };
  for (const channel of CHANNELS) {
    const { domain, method } = channelMethod(channel);
    const target = ((exposed[domain] as Record<string, unknown> | undefined) ?? (exposed[domain] = {})) as Record<string, unknown>;
    const call = domains[domain]![method]!;
    target[method] = (request?: unknown) =>
      call(request).catch((error: unknown) => {
        throw toContractError(error);
      });
  }
  return exposed as unknown as RagentsClient;
}

const ragents = withPlainErrors(createClient(transport)) satisfies RagentsClient;
contextBridge.exposeInMainWorld("ragents", ragents);
