// The workbench server: serves the real built add-in (dist/) with its Office.js script tags pointed at the
// workbench's Office host, an addin-config.json that points the add-in at the running sandbox with dev auth, and the
// simulated Outlook page itself. The workbench page and host script are bundled in memory with esbuild.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { createAddinAuth } from "./addinAuth";

export const OFFICE_JS_URL = /https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office(\.debug)?\.js/g;
export const HOST_SCRIPT_PATH = "/__workbench/office-host.js";

export interface WorkbenchOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The running InterAction sandbox the add-in talks to. */
  sandboxUrl: string;
  /** The built add-in (default: <repo>/dist). */
  distDir?: string;
  /** manifest.xml to read the ribbon and launch events from (default: dist/manifest.xml, else <repo>/manifest.xml). */
  manifestFile?: string;
  /** Rebuild the workbench page and host on every request (for `npm start`, so edits show on reload). */
  rebuildOnRequest?: boolean;
  /** Optional log sink. */
  log?: (line: string) => void;
  /**
   * The local Exchange / Graph (dev/graph) the simulated Outlook keeps its mailboxes in: the page reaches its Outlook
   * protocol through this server (/exchange/* is proxied, trusting the Graph's local CA), and scripts learn its Graph
   * surface from state().graph. Without it the mailboxes stay in the page (localStorage), as for the bench.
   */
  graph?: GraphEndpoint;
}

export interface GraphEndpoint {
  /** `https://localhost:<port>` */
  url: string;
  /** `https://localhost:<port>/v1.0` */
  graphUrl: string;
  tokenUrl: string;
  caPem: string;
  clientId: string;
  clientSecret: string;
}

export interface Workbench {
  url: string;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, "..", "..");
const HERE = __dirname;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

async function bundle(entry: string, format: "iife"): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    target: "es2020",
    platform: "browser",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"development"' },
    sourcemap: "inline",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** Points every Office.js script tag of an add-in page at the workbench's Office host. */
export function rewriteOfficeScript(html: string): string {
  return html.replace(OFFICE_JS_URL, HOST_SCRIPT_PATH);
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const distDir = path.resolve(options.distDir ?? path.join(ROOT, "dist"));
  const log = options.log ?? (() => undefined);
  const sandboxUrl = options.sandboxUrl.replace(/\/$/, "");
  const entries = {
    app: path.join(HERE, "app", "main.tsx"),
    host: path.join(HERE, "host", "officeHost.ts"),
  };
  // How the add-in signs in (naa | dialog | dev), and the local identity provider behind it (./addinAuth.ts).
  const auth = createAddinAuth(options.graph);
  const cache = new Map<string, Promise<string>>();
  const bundled = (name: keyof typeof entries) => {
    if (options.rebuildOnRequest || !cache.has(name)) cache.set(name, bundle(entries[name], "iife"));
    return cache.get(name)!;
  };
  // Build once up front, so a broken workbench fails at start rather than on first load.
  await Promise.all([bundled("app"), bundled("host")]);

  const manifestFile = async () => {
    if (options.manifestFile) return options.manifestFile;
    const built = path.join(distDir, "manifest.xml");
    return (await exists(built)) ? built : path.join(ROOT, "manifest.xml");
  };

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    res.end(body);
  };

  async function proxyClock(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${sandboxUrl}/__sandbox/clock`, {
      method: req.method,
      headers: req.method === "PUT" ? { "content-type": "application/json" } : undefined,
      body: req.method === "PUT" ? Buffer.concat(chunks).toString("utf8") : undefined,
    });
    send(res, upstream.status, upstream.headers.get("content-type") ?? "application/json", await upstream.text());
  }

  /** The page's Outlook protocol calls, passed through to the local Exchange as they are (streamed both ways). */
  function proxyExchange(req: IncomingMessage, res: ServerResponse, graph: GraphEndpoint) {
    return new Promise<void>((resolve, reject) => {
      const target = new URL(req.url ?? "/", graph.url);
      const upstream = httpsRequest(
        target,
        {
          method: req.method,
          ca: graph.caPem,
          headers: { ...(req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {}) },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, {
            "content-type": answer.headers["content-type"] ?? "application/json",
            "cache-control": "no-store",
          });
          answer.pipe(res);
          answer.on("end", resolve);
          answer.on("error", reject);
        },
      );
      upstream.on("error", reject);
      req.pipe(upstream);
    });
  }

  /** The add-in's own Graph reads (/__graph-api/v1.0/me/...), passed through with the user's bearer token. */
  function proxyGraphApi(req: IncomingMessage, res: ServerResponse, graph: GraphEndpoint) {
    return new Promise<void>((resolve, reject) => {
      const target = new URL((req.url ?? "/").replace(/^\/__graph-api(?=\/)/, ""), graph.url);
      const upstream = httpsRequest(
        target,
        {
          method: req.method,
          ca: graph.caPem,
          headers: {
            accept: "application/json",
            ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, {
            "content-type": answer.headers["content-type"] ?? "application/json",
            "cache-control": "no-store",
          });
          answer.pipe(res);
          answer.on("end", resolve);
          answer.on("error", reject);
        },
      );
      upstream.on("error", reject);
      upstream.end();
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://workbench.local");
    const pathname = decodeURIComponent(url.pathname);
    if (pathname === "/" || pathname === "/index.html") {
      return send(res, 200, TYPES[".html"]!, await readFile(path.join(HERE, "app", "index.html")));
    }
    if (pathname === "/__workbench/app.js") return send(res, 200, TYPES[".js"]!, await bundled("app"));
    if (pathname === HOST_SCRIPT_PATH) return send(res, 200, TYPES[".js"]!, await bundled("host"));
    if (pathname === "/__workbench/styles.css")
      return send(res, 200, TYPES[".css"]!, await readFile(path.join(HERE, "app", "styles.css")));
    if (pathname === "/__workbench/config.json") {
      const g = options.graph;
      const graph = g
        ? { baseUrl: g.graphUrl, tokenUrl: g.tokenUrl, clientId: g.clientId, clientSecret: g.clientSecret }
        : null;
      return send(res, 200, TYPES[".json"]!, JSON.stringify({ sandboxUrl, manifestUrl: "/manifest.xml", graph }));
    }
    if (pathname.startsWith("/exchange/")) {
      if (!options.graph) return send(res, 404, "text/plain; charset=utf-8", "No local Exchange configured.");
      return proxyExchange(req, res, options.graph);
    }
    if (pathname === "/__workbench/clock") return proxyClock(req, res);
    if (pathname.startsWith("/__graph-api/")) {
      if (!options.graph) return send(res, 404, "text/plain; charset=utf-8", "No local Graph configured.");
      return proxyGraphApi(req, res, options.graph);
    }
    if (await auth.handle(req, res, pathname)) return;
    if (pathname === "/addin-config.json") {
      // Issue 14: the local Graph through this server, where the pane's Add reads the meeting's iCalUId (the dev
      // token from the identity provider's /__graph/tokens; under naa the bridge's token).
      const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
      const graph = options.graph
        ? { graph: { baseUrl: `${origin}/__graph-api/v1.0`, devTokenUrl: `${origin}/__graph/tokens` } }
        : {};
      const config = { ...(auth.addinConfig(sandboxUrl) as object), ...graph };
      return send(res, 200, TYPES[".json"]!, JSON.stringify(config, null, 2));
    }
    if (pathname === "/manifest.xml") return send(res, 200, TYPES[".xml"]!, await readFile(await manifestFile()));

    // The built add-in.
    const file = path.resolve(distDir, `.${pathname}`);
    if (!file.startsWith(distDir + path.sep) || !(await exists(file))) {
      const hint = (await exists(path.join(distDir, "taskpane.html")))
        ? ""
        : " The add-in is not built: run `npm run build`.";
      return send(res, 404, "text/plain; charset=utf-8", `Not found: ${pathname}.${hint}`);
    }
    const ext = path.extname(file);
    const type = TYPES[ext] ?? "application/octet-stream";
    if (ext === ".html")
      return send(res, 200, type, auth.rewritePage(pathname, rewriteOfficeScript(await readFile(file, "utf8"))));
    return send(res, 200, type, await readFile(file));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      log(`workbench: ${req.method} ${req.url} failed: ${e.message}`);
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", e.message);
      else res.end();
    });
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host && options.host !== "127.0.0.1" ? options.host : "127.0.0.1"}:${port}`;
  await auth.register(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
