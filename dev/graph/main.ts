// `npm run graph -- --port <n> --db <file> [--clock-url <sandbox clock url>] [--no-controls]`
// Starts the local Exchange/Graph on https://localhost:<port> (127.0.0.1 only) and prints one line when it is ready.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { startGraph } from "./server";

interface Cli {
  port: number;
  dbFile: string;
  clockUrl?: string;
  controls: boolean;
}

const USAGE = "Usage: npm run graph -- --port <n> --db <file> [--clock-url <url>] [--no-controls]";

export function parseArgs(argv: string[]): Cli {
  const cli: Cli = { port: 4020, dbFile: ".data/graph.db", controls: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "" || (inline === undefined && v.startsWith("--"))) {
        throw new Error(`${flag} needs a value. ${USAGE}`);
      }
      return v;
    };
    switch (flag) {
      case "--port": {
        const text = value();
        const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
        if (!(port <= 65535)) throw new Error(`--port must be a number from 0 to 65535, not "${text}". ${USAGE}`);
        cli.port = port;
        break;
      }
      case "--db":
        cli.dbFile = value();
        break;
      case "--clock-url": {
        const text = value();
        if (!/^https?:\/\//.test(text)) throw new Error(`--clock-url must be an http(s) URL, not "${text}". ${USAGE}`);
        cli.clockUrl = text;
        break;
      }
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
  let cli: Cli;
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  if (cli.dbFile !== ":memory:") mkdirSync(path.dirname(path.resolve(cli.dbFile)), { recursive: true });
  const graph = await startGraph({
    port: cli.port,
    dbFile: cli.dbFile,
    clockUrl: cli.clockUrl,
    controls: cli.controls,
  });
  process.stdout.write(`Local Graph listening on ${graph.url} (CA: ${path.relative(process.cwd(), graph.caFile)})\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    graph.close().then(
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
    process.stderr.write(`The local Graph could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
