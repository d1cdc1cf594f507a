/**
 * A loopback HTTP server that answers Ollama's polling calls (version, tags, ps) and can be
 * switched to misbehave (garbage, wrong shape, hang) or be stopped and restarted on the same
 * port: the endpoint failures the fleet poller must survive, on demand.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";

export type StubMode = "ok" | "garbage" | "wrong-shape" | "hang" | "unauthorized";

export interface StubOllama {
  url: string;
  mode: StubMode;
  /** Authorization headers seen, in order. */
  authorizations: (string | undefined)[];
  /** Request paths seen, in order. */
  paths: string[];
  stop(): Promise<void>;
  restart(): Promise<void>;
}

const TAGS = {
  models: [
    {
      name: "stub:latest",
      model: "stub:latest",
      size: 1234,
      digest: "d".repeat(64),
      modified_at: "2025-01-01T00:00:00Z",
      details: { format: "gguf", family: "llama", families: ["llama"], parameter_size: "1B", quantization_level: "Q4_0" },
    },
  ],
};

export async function startStubOllama(): Promise<StubOllama> {
  let server: Server | undefined;
  const hanging = new Set<ServerResponse>();
  const stub: StubOllama = {
    url: "",
    mode: "ok",
    authorizations: [],
    paths: [],
    stop: async () => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
    restart: async () => {
      await listen(Number(new URL(stub.url).port));
    },
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    stub.authorizations.push(req.headers.authorization);
    stub.paths.push(req.url ?? "");
    if (stub.mode === "hang") return void hanging.add(res);
    if (stub.mode === "unauthorized") return void res.writeHead(401, { "Content-Type": "text/plain" }).end("no");
    if (stub.mode === "garbage") return void res.writeHead(200, { "Content-Type": "application/json" }).end("<html>hello</html>");
    const json = (body: unknown) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    if (stub.mode === "wrong-shape") return json({ models: "nope", version: 7 });
    if (req.url === "/api/version") return json({ version: "0.0.0-stub" });
    if (req.url === "/api/tags") return json(TAGS);
    if (req.url === "/api/ps") return json({ models: [] });
    res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "not found" }));
  };
  const listen = async (port: number) => {
    server = createServer(handle);
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    stub.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  };
  await listen(0);
  return stub;
}
