// A throwaway Postgres cluster for tests that need real Postgres (several worker processes sharing one queue): Debian's
// postgresql 15 binaries, a temp directory owned by `postgres` (Postgres refuses to run as root), trust auth, the
// loopback and a free port. Absent binaries: `startPostgres` answers null and the caller says the test is skipped
// (or fails when CI is set: .ci/run installs the package).
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = "/usr/lib/postgresql/15/bin";

export interface PostgresCluster {
  url: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

const asPostgres = (args: string[]) =>
  execFileSync("runuser", ["-u", "postgres", "--", ...args], { stdio: "pipe", timeout: 60_000 });

export async function startPostgres(): Promise<PostgresCluster | null> {
  if (!existsSync(path.join(BIN, "initdb"))) {
    if (process.env.CI) throw new Error(`Postgres is not installed (${BIN}): .ci/run installs Debian's postgresql.`);
    return null;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "service-pg-"));
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  chownSync(dir, uid, gid);
  const data = path.join(dir, "data");
  asPostgres([path.join(BIN, "initdb"), "-D", data, "-A", "trust", "-U", "test"]);
  const port = await freePort();
  asPostgres([
    path.join(BIN, "pg_ctl"),
    "-D",
    data,
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    "-l",
    path.join(dir, "log"),
    "-w",
    "start",
  ]);
  return {
    url: `postgres://test@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        asPostgres([path.join(BIN, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
