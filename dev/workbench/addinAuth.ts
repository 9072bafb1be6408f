// How the add-in signs in inside the workbench, on the server side: the Outlook host the workbench plays is one with
// nested app authentication ("naa"), one without it where the add-in falls back to the dialog ("dialog"), or the dev
// tokens of the sandbox ("dev", the quick path). The mode decides what addin-config.json says (what a firm's IT
// publishes) and is read by the page (the bridge, NestedAppAuth in isSetSupported). The local identity provider
// (dev/graph: app registrations, consent, sessions, the broker's silent request) is reached through this server under
// /__idp/* (its OpenID endpoints, the sign-in pages a popup shows) and /__graph/* (its dev controls), so the page and
// the sign-in windows need neither its port nor its certificate.
import type { IncomingMessage, ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";

export type AuthMode = "naa" | "dialog" | "dev";
export const AUTH_MODES: AuthMode[] = ["naa", "dialog", "dev"];

/** The add-in's registration as the local identity provider has it, and where its sign-in happens. */
export interface AddinIdentity {
  clientId: string;
  /** The identity provider's authority (`https://localhost:<port>/<tenant>`), as addin-config.json names it. */
  authority: string;
  /** The same authority through this server (`/__idp/<tenant>`), for the page and the sign-in windows. */
  localAuthority: string;
  /** The InterAction API's delegated scope (`api://…/access_as_user`). */
  scopes: string[];
  /** Outlook's NAA broker redirect URI for the workbench's origin (`brk-multihub://127.0.0.1:<port>`). */
  brokerRedirectUri: string;
}

export interface IdentityEndpoint {
  /** `https://localhost:<port>` of the local Graph and its identity provider. */
  url: string;
  tokenUrl: string;
  caPem: string;
}

interface Registration {
  clientId: string;
  spaRedirectUris: string[];
  delegatedPermissions: Record<string, string[]>;
}

const GRAPH = "https://graph.microsoft.com";

export function createAddinAuth(idp: IdentityEndpoint | undefined) {
  let mode: AuthMode = "dev";
  let identity: AddinIdentity | null = null;
  let problem = idp ? "The workbench has not registered with the local identity provider yet." : "No local Graph.";

  /** A request to the identity provider, trusting its local CA. */
  const call = (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> =>
    new Promise((resolve, reject) => {
      if (!idp) return reject(new Error("No local identity provider"));
      const req = httpsRequest(
        new URL(path, idp.url),
        { method, ca: idp.caPem, headers: body === undefined ? {} : { "content-type": "application/json" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown = text;
            try {
              json = JSON.parse(text);
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 502, json });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  return {
    get mode() {
      return mode;
    },

    /**
     * Finds the add-in's registration (the single-page app Outlook brokers: a brk-multihub redirect URI) and adds
     * the workbench's own broker URI and sign-in page to it, as a firm adds its add-in's origin.
     */
    async register(workbenchUrl: string): Promise<void> {
      if (!idp) return;
      try {
        const { status, json } = await call("GET", "/__graph/apps");
        const apps = (json as { apps?: Registration[] }).apps;
        if (status !== 200 || !apps) throw new Error(`GET /__graph/apps answered ${status}`);
        const app = apps.find((a) => a.spaRedirectUris.some((u) => u.startsWith("brk-multihub://")));
        if (!app) throw new Error("No app registration with a brk-multihub redirect URI (the add-in's)");
        const api = Object.entries(app.delegatedPermissions).find(([resource]) => resource !== GRAPH);
        if (!api || !api[1].length) throw new Error("The add-in's registration names no InterAction API permission");
        const origin = new URL(workbenchUrl);
        const brokerRedirectUri = `brk-multihub://${origin.host}`;
        const added = await call("PUT", `/__graph/apps/${app.clientId}/redirect-uris`, {
          add: [brokerRedirectUri, `${origin.origin}/auth-dialog.html`],
        });
        if (added.status !== 200) throw new Error(`adding the workbench's redirect URIs answered ${added.status}`);
        const authority = idp.tokenUrl.replace(/\/oauth2\/v2\.0\/token$/, "");
        identity = {
          clientId: app.clientId,
          authority,
          localAuthority: `/__idp${new URL(authority).pathname}`,
          scopes: api[1].map((p) => `${api[0]}/${p}`),
          brokerRedirectUri,
        };
        problem = "";
      } catch (e) {
        problem = `The local identity provider has no add-in registration to sign in with: ${(e as Error).message}`;
      }
    },

    /** What a firm's IT publishes next to taskpane.html for the current mode. */
    addinConfig(sandboxUrl: string): unknown {
      if (mode === "dev" || !identity) return { apiBaseUrl: sandboxUrl, auth: { mode: "dev" } };
      const { clientId, authority, scopes } = identity;
      return { apiBaseUrl: sandboxUrl, auth: { mode: "naa", clientId, authority, scopes } };
    },

    /**
     * The dialog fallback's page allows MSAL's requests to Microsoft's authority only (its CSP): the workbench's
     * authority is added, as a firm with another authority would add its own.
     */
    rewritePage(pathname: string, html: string): string {
      if (!identity || !/\/auth-dialog\.html$/.test(pathname)) return html;
      const origin = new URL(identity.authority).origin;
      return html.replace(/https:\/\/login\.microsoftonline\.com/g, `https://login.microsoftonline.com ${origin}`);
    },

    describe() {
      return { mode, identity, problem: problem || null };
    },

    /** Handles /__workbench/auth, /__idp/* and /__graph/*; false for any other path. */
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
      if (pathname === "/__workbench/auth") {
        if (req.method === "PUT") {
          const chunks: Buffer[] = [];
          for await (const c of req) chunks.push(c as Buffer);
          const wanted = (JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { mode?: AuthMode }).mode;
          if (!wanted || !AUTH_MODES.includes(wanted))
            return json(res, 400, { message: `mode: ${AUTH_MODES.join(" | ")}` });
          if (wanted !== "dev" && !identity) return json(res, 409, { message: problem });
          mode = wanted;
        }
        return json(res, 200, this.describe());
      }
      if (!idp || !(pathname.startsWith("/__idp/") || pathname.startsWith("/__graph/"))) return false;
      await proxy(req, res, idp, (req.url ?? "/").replace(/^\/__idp(?=\/)/, ""));
      return true;
    },
  };
}

export type AddinAuth = ReturnType<typeof createAddinAuth>;

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
  return true;
}

/** Passes a request through to the identity provider as it is (streamed both ways, redirects included). */
function proxy(req: IncomingMessage, res: ServerResponse, idp: IdentityEndpoint, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const upstream = httpsRequest(
      new URL(path, idp.url),
      {
        method: req.method,
        ca: idp.caPem,
        headers: { ...(req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {}) },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          "content-type": answer.headers["content-type"] ?? "application/json",
          "cache-control": "no-store",
          ...(answer.headers.location ? { location: answer.headers.location } : {}),
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
