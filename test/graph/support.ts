// Contract-test harness for the local Graph: starts it in-process on an ephemeral port (throwaway database, its own
// CA in a temp dir), and builds the real clients against it: @azure/msal-node client credentials (knownAuthorities,
// a network module trusting the local CA) and @microsoft/microsoft-graph-client (customHosts, the same trust).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { Client, type ClientOptions } from "@microsoft/microsoft-graph-client";
import { startGraph, type GraphOptions, type RunningGraph } from "../../dev/graph/server";
import { trustingDispatcher, trustingMsalNetwork } from "../../dev/graph/trust";
export type { ItemView } from "../../dev/graph/itemView";

export const ADDIN_ID = "151a0c77-03ec-4869-b203-858f4ffd332b";

export interface Harness {
  graph: RunningGraph;
  dispatcher: object;
  /** fetch trusting the local CA (for the /exchange Outlook protocol and the dev controls). */
  // The server's JSON, checked by the tests' expectations: typed loosely on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: any }>;
  msal(): ConfidentialClientApplication;
  client(options?: Partial<ClientOptions>): Client;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<GraphOptions> = {}): Promise<Harness> {
  const tlsDir = mkdtempSync(path.join(os.tmpdir(), "graph-tls-"));
  const graph = await startGraph({ dbFile: ":memory:", tlsDir, ...options });
  const dispatcher = await trustingDispatcher(graph.caPem);
  const call = async (method: string, pathAndQuery: string, body?: unknown) => {
    const res = await fetch(`${graph.url}${pathAndQuery}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher,
    } as Parameters<typeof fetch>[1]);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const msal = () =>
    new ConfidentialClientApplication({
      auth: {
        clientId: graph.demoApp.clientId,
        clientSecret: graph.demoApp.clientSecret,
        authority: graph.authority,
        knownAuthorities: [`localhost:${graph.port}`],
      },
      system: { networkClient: trustingMsalNetwork(graph.caPem) },
    });
  let shared: ConfidentialClientApplication | undefined;
  const client = (extra: Partial<ClientOptions> = {}) => {
    const app = (shared ??= msal());
    return Client.initWithMiddleware({
      baseUrl: `${graph.url}/`,
      customHosts: new Set(["localhost"]),
      // Node's fetch takes an undici dispatcher; the SDK passes fetchOptions through to fetch unchanged.
      fetchOptions: { dispatcher } as ClientOptions["fetchOptions"],
      authProvider: {
        getAccessToken: async () => {
          const result = await app.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
          if (!result) throw new Error("no token");
          return result.accessToken;
        },
      },
      ...extra,
    });
  };
  return {
    graph,
    dispatcher,
    call,
    msal,
    client,
    close: async () => {
      await graph.close();
      rmSync(tlsDir, { recursive: true, force: true });
    },
  };
}

/** A plain HTTP listener on the loopback standing in for a notification endpoint. */
export interface Listener {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- notification JSON, checked by expectations
  received: { query: URLSearchParams; body: any; at: number }[];
  /** How the next requests are answered (default: validation echo, 202 for notifications). */
  behaviour: { status?: number; delayMs?: number; wrongToken?: boolean; failNext?: number };
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startListener(): Promise<Listener> {
  const received: Listener["received"] = [];
  const behaviour: Listener["behaviour"] = {};
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const text = Buffer.concat(chunks).toString("utf8");
      const answer = () => {
        const token = url.searchParams.get("validationToken");
        if (token !== null) {
          res.writeHead(behaviour.status ?? 200, { "content-type": "text/plain" });
          res.end(behaviour.wrongToken ? "something else" : token);
        } else {
          if (behaviour.failNext) {
            behaviour.failNext--;
            res.writeHead(500);
            res.end();
            return;
          }
          received.push({ query: url.searchParams, body: text ? JSON.parse(text) : undefined, at: Date.now() });
          waiters.splice(0).forEach((w) => w());
          res.writeHead(behaviour.status ?? 202);
          res.end();
        }
      };
      if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    behaviour,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`expected ${count} notifications, got ${received.length}`)),
          timeoutMs,
        );
        const check = () => {
          if (received.length >= count) {
            clearTimeout(deadline);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const enc = encodeURIComponent;
