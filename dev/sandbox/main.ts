// `npm run sandbox -- --port <n> --db <file> [--seed demo|none] [--no-controls] [--rate-limit <n>/s]
//   [--trusted-issuer <url> [--trusted-ca <pem file>]]`
// Starts the InterAction API sandbox on 127.0.0.1 (only) and prints exactly one line when it is ready.
// `npm run sandbox -- merge-duplicates ...` instead runs the one-off duplicate merge over a database (mergeCommand.ts).
import path from "node:path";
import { mkdirSync } from "node:fs";
import { openIdFromEnv } from "./gateway";
import { startSandbox } from "./server";
import { runMergeCommand } from "./mergeCommand";
import type { SeedName } from "./seed";
import { parseRateLimit, type RateLimit } from "./rateLimit";

interface Cli {
  port: number;
  dbFile: string;
  seed: SeedName;
  controls: boolean;
  rateLimit?: RateLimit;
  /** An OpenID issuer to trust as a firm's gateway trusts Entra ID (default INTERACTION_TRUSTED_ISSUER). */
  trustedIssuer?: string;
  /** A CA (PEM file) for the issuer's HTTPS, e.g. the local Graph's .data/graph-tls/ca.pem. */
  trustedCaFile?: string;
}

const USAGE =
  "Usage: npm run sandbox -- --port <n> --db <file> [--seed demo|none] [--no-controls] [--rate-limit <n>/s] " +
  "[--trusted-issuer <url> [--trusted-ca <pem file>]]";

export function parseArgs(argv: string[]): Cli {
  const cli: Cli = { port: 4010, dbFile: ".data/sandbox.db", seed: "demo", controls: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      // "--db --seed none" is a forgotten value, not a file named "--seed".
      if (v === undefined || v === "" || (inline === undefined && v.startsWith("--"))) {
        throw new Error(`${flag} needs a value. ${USAGE}`);
      }
      return v;
    };
    switch (flag) {
      case "--port": {
        const text = value();
        // Digits only: Number() would also take "", " ", "0x10" and "1e3".
        const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
        if (!(port <= 65535)) throw new Error(`--port must be a number from 0 to 65535, not "${text}". ${USAGE}`);
        cli.port = port;
        break;
      }
      case "--db":
        cli.dbFile = value();
        break;
      case "--seed": {
        const seed = value();
        if (seed !== "demo" && seed !== "none") throw new Error(`--seed must be demo or none, not "${seed}". ${USAGE}`);
        cli.seed = seed;
        break;
      }
      case "--rate-limit": {
        const text = value();
        const limit = parseRateLimit(text);
        if (!limit)
          throw new Error(`--rate-limit must be requests per second per user, e.g. 10/s, not "${text}". ${USAGE}`);
        cli.rateLimit = limit;
        break;
      }
      case "--trusted-issuer": {
        const text = value();
        let url: URL | undefined;
        try {
          url = new URL(text);
        } catch {
          url = undefined;
        }
        const loopback = url?.hostname === "127.0.0.1" || url?.hostname === "localhost";
        if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && loopback)))
          throw new Error(`--trusted-issuer must be the issuer's https URL (its "iss"), not "${text}". ${USAGE}`);
        cli.trustedIssuer = text;
        break;
      }
      case "--trusted-ca":
        cli.trustedCaFile = value();
        break;
      case "--no-controls":
        if (inline !== undefined) throw new Error(`--no-controls takes no value. ${USAGE}`);
        cli.controls = false;
        break;
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg}. ${USAGE}`);
    }
  }
  return cli;
}

async function main(): Promise<void> {
  if (process.argv[2] === "merge-duplicates") {
    try {
      process.stdout.write(`${JSON.stringify(runMergeCommand(process.argv.slice(3)), null, 2)}\n`);
      process.exit(0);
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(2);
    }
  }
  let cli: Cli;
  try {
    cli = parseArgs(process.argv.slice(2));
    if (cli.trustedCaFile && !cli.trustedIssuer) throw new Error(`--trusted-ca needs --trusted-issuer. ${USAGE}`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  if (cli.dbFile !== ":memory:") mkdirSync(path.dirname(path.resolve(cli.dbFile)), { recursive: true });
  const sandbox = await startSandbox({
    port: cli.port,
    dbFile: cli.dbFile,
    seed: cli.seed,
    controls: cli.controls,
    rateLimit: cli.rateLimit,
    // The flags win over INTERACTION_TRUSTED_ISSUER / INTERACTION_TRUSTED_CA_FILE (absent flags: the environment's).
    ...(cli.trustedIssuer
      ? {
          openId: openIdFromEnv({
            ...process.env,
            INTERACTION_TRUSTED_ISSUER: cli.trustedIssuer,
            INTERACTION_TRUSTED_CA_FILE: cli.trustedCaFile,
          }),
        }
      : {}),
  });
  process.stdout.write(`InterAction sandbox listening on ${sandbox.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`The InterAction sandbox could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
