// `npm start`: build the add-in, start the InterAction sandbox (SQLite under .data/, demo seed, data kept between
// starts) and the Outlook workbench, print the workbench URL, and stop everything cleanly on Ctrl-C.
// Plain Node ESM; the TypeScript servers are loaded through tsx's loader (no build of the dev tools themselves).
//
// Environment: PORT (workbench, default 3000), SANDBOX_PORT (default 4010), SKIP_BUILD=1 to reuse dist/,
// BUILD_MODE=production|development (default development: faster, with source maps).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const mode = process.env.BUILD_MODE === "production" ? "production" : "development";

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function main() {
  if (process.env.SKIP_BUILD !== "1") {
    console.log(`Building the add-in (webpack --mode ${mode})…`);
    await run(process.execPath, [path.join(root, "node_modules", "webpack", "bin", "webpack.js"), "--mode", mode]);
  }

  // The servers are CommonJS TypeScript (like the rest of the repo under jest): load them through tsx's require hook.
  register();
  const require = createRequire(import.meta.url);
  const { startSandbox } = require("./sandbox/server.ts");
  const { startWorkbench } = require("./workbench/server.ts");

  mkdirSync(path.join(root, ".data"), { recursive: true });
  const sandbox = await startSandbox({
    port: sandboxPort,
    dbFile: path.join(root, ".data", "sandbox.db"),
    seed: "demo",
    controls: true,
  });
  console.log(`InterAction sandbox listening on ${sandbox.url}`);
  let workbench;
  try {
    workbench = await startWorkbench({
      port,
      sandboxUrl: sandbox.url,
      distDir: path.join(root, "dist"),
      rebuildOnRequest: true,
      log: (line) => console.error(line),
    });
  } catch (e) {
    await sandbox.close();
    throw e;
  }
  console.log(`Workbench: http://localhost:${new URL(workbench.url).port}`);
  console.log("Press Ctrl-C to stop.");

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the workbench and the sandbox…`);
    await Promise.allSettled([workbench.close(), sandbox.close()]);
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
