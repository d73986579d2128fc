// A PostgreSQL cluster of its own for fault-injection tests: a separate data directory,
// socket and port inside the test chroot (scripts/pg-test-server.sh with MEDIATE_PG_CLUSTER),
// so stopping it never touches the shared test server other integration tests use.
// Commands run asynchronously: the app under test keeps serving while the database stops.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const SCRIPT = path.join(REPO, "scripts/pg-test-server.sh");

export type PgCluster = {
  name: string;
  port: number;
  url: string;
  start(): Promise<void>;
  /** pg_ctl stop -m fast: open connections are terminated (SQLSTATE 57P01), the port closes. */
  stop(): Promise<void>;
  running(): Promise<boolean>;
};

function script(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", [SCRIPT, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A handle on cluster `name` at 127.0.0.1:`port`; nothing starts until start(). */
export function pgCluster(name: string, port: number): PgCluster {
  const env = { MEDIATE_PG_CLUSTER: name, MEDIATE_PG_PORT: String(port) };
  let url = `postgres://postgres@127.0.0.1:${port}/mediate_test`;
  return {
    name,
    port,
    get url() {
      return url;
    },
    async start() {
      const r = await script(["start"], env);
      if (r.code !== 0) throw new Error(`cannot start PostgreSQL cluster "${name}" on port ${port} (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
      url = r.stdout.trim().split("\n").at(-1) ?? url;
    },
    async stop() {
      const r = await script(["stop"], env);
      if (r.code !== 0) throw new Error(`cannot stop PostgreSQL cluster "${name}" (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    },
    async running() {
      return (await script(["status"], env, 30_000)).code === 0;
    },
  };
}
