/**
 * The engine's HTTP server: Ollama's routes plus the OpenAI-compatible ones. Every handler's
 * failure becomes an Ollama-shaped error response; nothing a client sends can crash the process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { EngineError } from "../engine-error.js";
import type { Engine } from "../engine.js";
import { pull } from "../pull.js";
import { disconnectSignal, errorMessage, readJson, sendJson, StreamWriter } from "./http-util.js";
import * as ollama from "./ollama-routes.js";
import * as openai from "./openai-routes.js";
import { parseBody, pullSchema } from "./ollama-requests.js";

type Handler = (engine: Engine, req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

const routes: Record<string, Handler> = {
  "GET /": (_e, _q, res) => { res.writeHead(200, { "Content-Type": "text/plain" }).end("Ollama is running"); },
  "HEAD /": (_e, _q, res) => { res.writeHead(200).end(); },
  "GET /api/version": (_e, _q, res) => sendJson(res, 200, { version: ollama.ENGINE_VERSION, engine: "ragents" }),
  "GET /api/tags": (e, _q, res) => ollama.tags(e, res),
  "GET /api/ps": (e, _q, res) => ollama.ps(e, res),
  "POST /api/show": ollama.show,
  "DELETE /api/delete": ollama.remove,
  "POST /api/copy": ollama.copy,
  "POST /api/generate": (e, q, s) => ollama.complete(e, "generate", q, s),
  "POST /api/chat": (e, q, s) => ollama.complete(e, "chat", q, s),
  "POST /api/embed": ollama.embed,
  "POST /api/embeddings": ollama.embeddings,
  "POST /api/pull": pullRoute,
  "GET /v1/models": (e, _q, res) => openai.listModels(e, res),
  "POST /v1/chat/completions": openai.chatCompletions,
  "POST /v1/embeddings": openai.embeddings,
};

async function pullRoute(engine: Engine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseBody(pullSchema, await readJson(req));
  const signal = disconnectSignal(res);
  const writer = body.stream === false ? undefined : new StreamWriter(res, "ndjson");
  try {
    await pull(engine.catalog, body, signal, (progress) => writer?.write(progress));
    if (writer) writer.end(); else sendJson(res, 200, { status: "success" });
  } catch (error) {
    if (writer?.hasStarted) { writer.write({ error: errorMessage(error).message }); writer.end(); } else throw error;
  }
}

export function createEngineServer(engine: Engine): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const handler = routes[`${req.method} ${path}`];
    const run = async () => {
      if (!handler) {
        const known = Object.keys(routes).some((r) => r.endsWith(` ${path}`));
        throw new EngineError(known ? 405 as 400 : 404, known ? `method ${req.method} not allowed for ${path}` : `404 page not found`);
      }
      await handler(engine, req, res);
    };
    run().catch((error) => {
      if (path.startsWith("/v1/")) {
        const { status, message } = errorMessage(error);
        if (!res.headersSent) sendJson(res, status, { error: { message, type: "invalid_request_error", param: null, code: null } });
        else res.destroy();
      } else ollama.sendError(res, error);
    });
  });
}
