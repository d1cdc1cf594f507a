/**
 * Errors cross every boundary as `{ code, message }`: never a stack trace, never a raw
 * exception. The code says what the caller can do about it; the message is for people.
 */
import { z } from "zod";
import { LIMITS } from "./common.js";

export const ERROR_CODES = [
  /** The payload did not parse (wrong type, too large, unknown channel, bad name or URL). */
  "bad_request",
  /** The endpoint, model or pull named does not exist. */
  "not_found",
  /** The endpoint is down, timed out or answered with garbage. */
  "unavailable",
  /** The request clashes with current state (duplicate endpoint, pull already running). */
  "conflict",
  /** The action is not allowed here (removing the local endpoint, deleting without confirm). */
  "forbidden",
  /** A defect on our side; the message says what failed, the log has the rest. */
  "internal",
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The one error shape every transport carries. */
export const contractErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string().max(LIMITS.message),
});
export type ContractError = z.infer<typeof contractErrorSchema>;

/**
 * A throwable carrying a contract error. Transports reject with it on the client side, and the
 * core throws it; `toContractError` turns anything else into an `internal` error.
 */
export class RagentsError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "RagentsError";
  }

  toJSON(): ContractError {
    return { code: this.code, message: this.message };
  }
}

export function isContractError(value: unknown): value is ContractError {
  return contractErrorSchema.safeParse(value).success;
}

/** Whatever was thrown, the `{code, message}` that may cross a boundary. */
export function toContractError(error: unknown): ContractError {
  if (error instanceof RagentsError) return error.toJSON();
  if (isContractError(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: "internal", message: message.slice(0, LIMITS.message) || "internal error" };
}
