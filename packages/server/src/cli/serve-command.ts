// `mediate serve [--port N] [--host H]` and the key subcommands
// `mediate serve --create-key NAME --scope read|ingest|admin [--rate N]`, `--list-keys`,
// `--revoke-key ID`. MEDIATE_WORKERS=N runs N worker processes (PostgreSQL only).
import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { openRetrievalFromEnv } from "@mediate/retrieval/search/open-retrieval.ts";
import { parseScopes } from "../state/api-keys.ts";
import { createServerState } from "../state/create-server-state.ts";
import { startRuntime } from "./server-runtime.ts";

const USAGE = `用法 / usage:
  mediate serve [--port N] [--host H]         start the HTTP service (MEDIATE_PORT, default 8080; MEDIATE_HOST, default 127.0.0.1)
  mediate serve --create-key NAME --scope read|ingest|admin[,…] [--rate PER_MINUTE]
  mediate serve --list-keys
  mediate serve --revoke-key ID
Environment: MEDIATE_DATABASE_URL (PostgreSQL; default embedded PGlite in .data/pglite), MEDIATE_CORPUS_DIR,
MEDIATE_KEY_PEPPER, MEDIATE_CORS_ORIGINS, MEDIATE_WORKERS (PostgreSQL only), see docs/api.md.
Key commands open the database directly: with the embedded PGlite, stop the server first.`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

async function withState<T>(fn: (state: Awaited<ReturnType<typeof createServerState>>) => Promise<T>): Promise<T> {
  const retrieval = await openRetrievalFromEnv(process.env);
  try {
    const state = await createServerState({ db: retrieval.store.db, pepper: process.env.MEDIATE_KEY_PEPPER });
    try {
      return await fn(state);
    } finally {
      await state.close();
    }
  } finally {
    await retrieval.close();
  }
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}

async function serveOne(port: number | undefined, host: string | undefined, ingest: boolean | undefined, io: Io): Promise<number> {
  const runtime = await startRuntime({ port, host, ingest });
  io.stderr.write(`调解助手已启动 / listening on ${runtime.url}  (docs: ${runtime.url}/docs, kiosk: ${runtime.url}/kiosk)\n`);
  const signal = await waitForSignal();
  io.stderr.write(`received ${signal}, shutting down…\n`);
  const forced = setTimeout(() => process.exit(1), 15_000);
  forced.unref();
  await runtime.close();
  return 0;
}

async function servePrimary(workers: number, io: Io): Promise<number> {
  if (!process.env.MEDIATE_DATABASE_URL) {
    io.stderr.write("MEDIATE_WORKERS > 1 needs MEDIATE_DATABASE_URL: the embedded PGlite allows one process per data directory.\n");
    return 2;
  }
  let stopping = false;
  let restarts = 0;
  const fork = (index: number) => {
    // Only the first worker ingests, so the corpus is not read N times.
    const worker = cluster.fork({ MEDIATE_WORKER_INDEX: String(index), ...(index > 0 ? { MEDIATE_INGEST_ON_START: "0" } : {}) });
    worker.on("exit", (code) => {
      if (stopping) return;
      if (restarts++ < 20) {
        io.stderr.write(`worker ${index} exited (${code}); restarting\n`);
        fork(index);
      }
    });
  };
  for (let i = 0; i < workers; i++) fork(i);
  const signal = await waitForSignal();
  stopping = true;
  io.stderr.write(`received ${signal}, stopping ${workers} workers…\n`);
  await Promise.all(
    Object.values(cluster.workers ?? {}).map(
      (w) =>
        new Promise<void>((resolve) => {
          if (!w || w.isDead()) return resolve();
          w.once("exit", () => resolve());
          w.process.kill("SIGTERM");
        }),
    ),
  );
  return 0;
}

export async function run(args: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "no-ingest": { type: "boolean" },
        "create-key": { type: "string" },
        scope: { type: "string" },
        rate: { type: "string" },
        "list-keys": { type: "boolean" },
        "revoke-key": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE + "\n");
    return 0;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr.write(`--port must be 0–65535, got "${values.port}"\n`);
      return 2;
    }
  }

  if (values["create-key"] !== undefined) {
    if (!values.scope) {
      io.stderr.write("--create-key needs --scope read|ingest|admin\n");
      return 2;
    }
    const scopes = parseScopes(values.scope);
    const rate = values.rate === undefined ? null : Number(values.rate);
    if (rate !== null && (!Number.isInteger(rate) || rate < 1)) {
      io.stderr.write(`--rate must be a positive integer, got "${values.rate}"\n`);
      return 2;
    }
    const name = values["create-key"];
    const created = await withState((state) => state.apiKeys.create({ name, scopes, rateLimitPerMinute: rate }));
    io.stdout.write(`${created.key}\n`);
    io.stderr.write(`API key ${created.record.id} "${created.record.name}" (${created.record.scopes.join(",")}) created. It is shown only once.\n`);
    return 0;
  }
  if (values["list-keys"]) {
    const keys = await withState((state) => state.apiKeys.list());
    for (const k of keys) io.stdout.write(JSON.stringify(k) + "\n");
    return 0;
  }
  if (values["revoke-key"] !== undefined) {
    const id = values["revoke-key"];
    const revoked = await withState((state) => state.apiKeys.revoke(id));
    io.stderr.write(revoked ? `revoked ${id}\n` : `no active key ${id}\n`);
    return revoked ? 0 : 1;
  }

  const workers = Number(process.env.MEDIATE_WORKERS ?? "1");
  const ingest = values["no-ingest"] ? false : undefined;
  if (Number.isInteger(workers) && workers > 1 && cluster.isPrimary) return servePrimary(workers, io);
  return serveOne(port, values.host, ingest, io);
}
