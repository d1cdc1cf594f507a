/** Small HTTP helpers shared by the Ollama and OpenAI-compatible routes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { EngineError } from "../engine-error.js";

/** Bodies carry base64 images at most; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new EngineError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EngineError(400, `invalid JSON in request body: ${(error as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function errorMessage(error: unknown): { status: number; message: string } {
  if (error instanceof EngineError) return { status: error.status, message: error.message };
  return { status: 500, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Streams NDJSON (Ollama) or SSE (OpenAI). The first write commits the 200; an error after that
 * can only travel inside the stream, which is also what Ollama does.
 */
export class StreamWriter {
  private started = false;
  constructor(private readonly res: ServerResponse, private readonly kind: "ndjson" | "sse") {}

  write(body: unknown): void {
    if (this.res.destroyed) return;
    if (!this.started) {
      this.started = true;
      this.res.writeHead(200, this.kind === "ndjson"
        ? { "Content-Type": "application/x-ndjson" }
        : { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
    }
    this.res.write(this.kind === "ndjson" ? `${JSON.stringify(body)}\n` : `data: ${JSON.stringify(body)}\n\n`);
  }

  get hasStarted(): boolean { return this.started; }

  end(): void {
    if (this.kind === "sse" && this.started && !this.res.destroyed) this.res.write("data: [DONE]\n\n");
    this.res.end();
  }
}

/** An AbortSignal that fires when the client goes away before the response is complete. */
export function disconnectSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
