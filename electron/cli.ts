/**
 * `ragents <command>`: one entry point for the engine, the model maker and the headless host.
 * Each command lives beside the code it drives and is loaded only when asked for, so
 * `ragents make-model` never pays for loading llama.cpp.
 */
type Command = { summary: string; run: (args: string[]) => Promise<void> };

const commands: Record<string, Command> = {
  engine: {
    summary: "run the built-in Ollama-compatible inference server",
    run: async (args) => (await import("./engine/engine-command.js")).engineCommand(args),
  },
  "make-model": {
    summary: "write a deterministic random-weight GGUF model (for tests and the demo)",
    run: async (args) => (await import("./engine/gguf/make-model-command.js")).makeModelCommand(args),
  },
  serve: {
    summary: "serve the control center UI and its contract to a browser (headless host)",
    run: async (args) => (await import("./server/serve-command.js")).serveCommand(args),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `usage: ragents <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`ragents: unknown command '${name}'\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  try {
    await command.run(rest);
  } catch (error) {
    // Bad flags and the like reach the user as one line, not a stack trace.
    process.stderr.write(`ragents ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
