/**
 * An error that reaches the client in Ollama's shape: `{"error": message}` with an HTTP status.
 * Anything else thrown inside the engine becomes a 500 with its message (never a stack trace).
 */
export class EngineError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 413 | 499 | 500 | 503, message: string) {
    super(message);
    this.name = "EngineError";
  }
}

export const badRequest = (message: string) => new EngineError(400, message);
export const notFound = (message: string) => new EngineError(404, message);
