// Dispatches `mediate <command>` to the package that owns the command. Each command
// module exports `run(args): Promise<number>` returning the process exit code.
type CommandModule = { run(args: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  analyze: {
    summary: "analyze a case narrative (stdin, --file, or --jsonl)",
    load: () => import("../packages/core/src/cli/analyze-command.ts"),
  },
  ingest: {
    summary: "ingest statutes [DIR] | cases FILE | typical-cases",
    load: () => import("../packages/retrieval/src/cli/ingest-command.ts"),
  },
  search: {
    summary: 'search statutes|cases "QUERY" [--k N] [--json] [--jsonl]',
    load: () => import("../packages/retrieval/src/cli/search-command.ts"),
  },
  serve: {
    summary: "start the HTTP service (embedded PGlite unless MEDIATE_DATABASE_URL is set)",
    load: () => import("../packages/server/src/cli/serve-command.ts"),
  },
  eval: {
    summary: "run evaluation suites [SUITE…] [--engine offline|llm] [--baseline FILE] [--out DIR]",
    load: () => import("../packages/eval/src/cli/eval-command.ts"),
  },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  mediate ${name.padEnd(8)} ${c.summary}`);
  return ["用法 / usage:", ...lines].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`mediate: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}
