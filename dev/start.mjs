// `npm start`: build the add-in, start the InterAction sandbox (SQLite under .data/, demo seed, data kept between
// starts), the local Exchange / Microsoft Graph (dev/graph, SQLite under .data/, HTTPS with the local CA in
// .data/graph-tls), the sync service embedded (PGlite under .data/service-db) subscribed to that Graph, and the
// Outlook workbench on top of them; print the workbench URL once all four are ready, and stop everything cleanly on
// Ctrl-C.
// Plain Node ESM; the TypeScript servers are loaded through tsx's loader (no build of the dev tools themselves).
//
// Environment: PORT (workbench, default 3000), SANDBOX_PORT (default 4010), GRAPH_PORT (default 4020),
// SERVICE_PORT (the service's notification endpoint, default 4030), SYNC_MAILBOXES (mailboxes the service follows,
// default the demo firm's alice, bob and dana), SKIP_BUILD=1 to reuse dist/,
// BUILD_MODE=production|development (default development: faster, with source maps),
// INTERACTION_SCOPE (the service's client-credentials scope towards InterAction, default
// api://interaction.firm.example/.default; "dev" for the sandbox's development tokens instead),
// INTERACTION_TRUSTED_ISSUER / INTERACTION_TRUSTED_CA_FILE (an issuer the sandbox trusts instead of the local Graph's).
//
// Signing in as in production: the sandbox trusts the local Graph's identity provider as a firm's gateway trusts
// Entra ID (its dev tokens stay, controls are on), so the workbench's `auth: naa` and `dialog` modes and the service's
// own identity work from `npm ci && npm start`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const graphPort = Number(process.env.GRAPH_PORT ?? 4020);
const servicePort = Number(process.env.SERVICE_PORT ?? 4030);
const DEMO_MAILBOXES = "alice@firm.example,bob@firm.example,dana@firm.example";
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
  const { startGraph } = require("./graph/server.ts");
  const { localIssuerTrust, trustIssuer } = require("./sandbox/gateway.ts");
  const { startSyncService, consoleLog } = require("../src/service/syncService.ts");
  const { DEFAULT_ADDIN_ID } = require("../src/service/config.ts");

  mkdirSync(path.join(root, ".data"), { recursive: true });
  const sandbox = await startSandbox({
    port: sandboxPort,
    dbFile: path.join(root, ".data", "sandbox.db"),
    seed: "demo",
    controls: true,
  });
  console.log(`InterAction sandbox listening on ${sandbox.url}`);
  let graph;
  let service;
  let workbench;
  try {
    // One dev clock: Exchange reads the sandbox's movable clock.
    graph = await startGraph({
      port: graphPort,
      dbFile: path.join(root, ".data", "graph.db"),
      clockUrl: `${sandbox.url}/__sandbox/clock`,
    });
    console.log(`Local Graph listening on ${graph.graphUrl} (token endpoint ${graph.tokenUrl}; CA ${graph.caFile})`);
    // The Graph starts after the sandbox (it reads the sandbox's clock), so the sandbox learns its issuer now.
    if (!process.env.INTERACTION_TRUSTED_ISSUER?.trim()) trustIssuer(sandbox, localIssuerTrust(graph));
    console.log(
      `InterAction sandbox trusts ${process.env.INTERACTION_TRUSTED_ISSUER?.trim() || graph.idp.issuer} ` +
        `(audience api://interaction.firm.example; and its development tokens)`,
    );
    service = await startDevService(startSyncService, consoleLog, DEFAULT_ADDIN_ID, sandbox, graph);
    console.log(
      `Sync service listening on http://127.0.0.1:${service.port} (notifications: ${service.notificationUrl}; ` +
        `embedded database in .data/service-db; following ${service.mailboxes.join(", ")}; ` +
        `InterAction: ${service.interactionScope === "dev" ? "development tokens" : service.interactionScope})`,
    );
    workbench = await startWorkbench({
      port,
      sandboxUrl: sandbox.url,
      distDir: path.join(root, "dist"),
      rebuildOnRequest: true,
      log: (line) => console.error(line),
      graph: {
        url: graph.url,
        graphUrl: graph.graphUrl,
        tokenUrl: graph.tokenUrl,
        caPem: graph.caPem,
        clientId: graph.demoApp.clientId,
        clientSecret: graph.demoApp.clientSecret,
      },
    });
  } catch (e) {
    await service?.close();
    await graph?.close();
    await sandbox.close();
    throw e;
  }
  console.log(`Workbench: http://localhost:${new URL(workbench.url).port}`);
  console.log("Press Ctrl-C to stop.");

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the workbench, the sync service, the local Graph and the sandbox…`);
    // The service first: its running jobs finish against a Graph and a sandbox that still answer.
    await Promise.allSettled([workbench.close(), service.close()]);
    await Promise.allSettled([graph.close(), sandbox.close()]);
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/**
 * The sync service as `npm run service` runs it, with settings that point at the local Graph (its demo app's client
 * credentials, its CA) and the sandbox (InterAction and the one dev clock). Its notification endpoint listens on the
 * loopback, which the local Graph reaches; the clientState secret is made once and kept under .data/ (the service
 * keeps its subscriptions between starts, so a new secret each start would make their notifications look forged).
 */
async function startDevService(startSyncService, log, addinId, sandbox, graph) {
  const secretFile = path.join(root, ".data", "service-client-state");
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  // The service signs in to InterAction as itself (client credentials, the Meetings.Sync role), as in production.
  const scope = process.env.INTERACTION_SCOPE?.trim() || "api://interaction.firm.example/.default";
  const mailboxes = (process.env.SYNC_MAILBOXES ?? DEMO_MAILBOXES)
    .split(",")
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  const service = await startSyncService(
    {
      graph: {
        baseUrl: graph.url,
        authority: graph.authority,
        clientId: graph.demoApp.clientId,
        clientSecret: graph.demoApp.clientSecret,
        caPem: graph.caPem,
      },
      addinId,
      interactionUrl: sandbox.url,
      ...(scope === "dev" ? {} : { interactionScope: scope }),
      port: servicePort,
      dataDir: path.join(root, ".data", "service-db"),
      mailboxes,
      clientStateSecret: readFileSync(secretFile, "utf8").trim(),
      horizonDays: 365,
      workers: 2,
      sweepCron: "*/5 * * * *",
      clockUrl: `${sandbox.url}/__sandbox/clock`,
    },
    { log },
  );
  return Object.assign(service, { mailboxes, interactionScope: scope });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
