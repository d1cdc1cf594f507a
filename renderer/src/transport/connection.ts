/**
 * How the renderer is connected to its host. Over Electron IPC it is simply always open; over
 * the WebSocket it can drop and come back, and a view needs to know both to show a banner and to
 * refetch snapshots after a gap (events missed while away are not replayed).
 */
export type ConnectionStatus =
  /** First connect, or reconnecting after a drop. */
  | "connecting"
  | "open"
  /** The host refused the token (or none was given): reconnecting will not help. */
  | "unauthorized";

export interface Connection {
  readonly status: ConnectionStatus;
  /** Called on every status change; returns its unsubscribe function. */
  subscribe(listener: (status: ConnectionStatus) => void): () => void;
}

/** The Electron shell's connection: IPC does not drop while the window lives. */
export const alwaysOpen: Connection = {
  status: "open",
  subscribe: () => () => undefined,
};
