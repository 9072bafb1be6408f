// `npm run dev-server` (started by `npm run start:outlook` through office-addin-debugging): serves the built add-in
// over HTTPS at https://localhost:3000 (the dev origin named in manifest.xml) for a real Outlook on Windows or Mac,
// and starts the InterAction sandbox at http://127.0.0.1:4010 (the default of config/addin-config.json).
// Certificates come from office-addin-dev-certs, which installs a local CA the first time (it asks for consent).
import https from "node:https";
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { register } from "tsx/cjs/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const port = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".png": "image/png",
  ".map": "application/json",
};

function serveFile(req, res) {
  const url = new URL(req.url ?? "/", `https://localhost:${port}`);
  const file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
  // Never serve anything outside dist/.
  if (!file.startsWith(dist + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
    return;
  }
  res.writeHead(200, {
    "content-type": types[path.extname(file)] ?? "application/octet-stream",
    "cache-control": "no-cache",
  });
  createReadStream(file).pipe(res);
}

async function main() {
  const build = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/webpack/bin/webpack.js"), "--mode", "development"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  if (build.status !== 0) throw new Error("The add-in build failed; see the webpack output above.");

  const { getHttpsServerOptions } = await import("office-addin-dev-certs");
  let tls;
  try {
    tls = await getHttpsServerOptions();
  } catch (e) {
    throw new Error(
      `No trusted development certificate for https://localhost (${e instanceof Error ? e.message : e}). ` +
        "Run `npx office-addin-dev-certs install` and try again.",
    );
  }

  register();
  const require = createRequire(import.meta.url);
  const { startSandbox } = require("./sandbox/server.ts");
  mkdirSync(path.join(root, ".data"), { recursive: true });
  const sandbox = await startSandbox({
    port: sandboxPort,
    dbFile: path.join(root, ".data", "sandbox.db"),
    seed: "demo",
  });
  console.log(`InterAction sandbox listening on ${sandbox.url}`);

  const server = https.createServer(tls, serveFile);
  await new Promise((resolve) => server.listen(port, "localhost", resolve));
  console.log(`Add-in served at https://localhost:${port} (manifest: manifest.xml)`);

  const stop = () => {
    server.close();
    void sandbox.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
