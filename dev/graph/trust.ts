// How clients in the dev world trust the local Graph's CA without touching a system trust store. Production clients
// talk to graph.microsoft.com and login.microsoftonline.com with the system's CAs and need none of this.
//   - child processes: NODE_EXTRA_CA_CERTS=<caFile>
//   - fetch in this process (and the Graph SDK through fetchOptions.dispatcher): trustingDispatcher(caPem)
//   - msal-node: system.networkClient = trustingMsalNetwork(caPem)
import https from "node:https";
import { rootCertificates } from "node:tls";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

/**
 * An undici Agent (the dispatcher behind Node's fetch) that trusts the system CAs and `caPem`. Node 20 bundles undici
 * without exporting it, so its Agent class is taken from the global dispatcher fetch installs on first use.
 */
export async function trustingDispatcher(caPem: string): Promise<object> {
  const key = Symbol.for("undici.globalDispatcher.1");
  // Under jest the test's globalThis is a vm context; fetch (and its dispatcher) belong to Node's own realm, which the
  // realm's Function constructor reaches.
  const realmOfFetch = (fetch as unknown as { constructor: FunctionConstructor }).constructor("return globalThis")();
  const lookup = () =>
    ((realmOfFetch as Record<symbol, unknown>)[key] ?? (globalThis as Record<symbol, unknown>)[key]) as
      { constructor: new (o: unknown) => object } | undefined;
  if (!lookup()) await fetch("data:,").catch(() => undefined);
  const global = lookup();
  if (!global) throw new Error("Node's fetch dispatcher is not available; set NODE_EXTRA_CA_CERTS instead.");
  return new global.constructor({ connect: { ca: [...rootCertificates, caPem] } });
}

/** msal-node's network module over node:https, trusting the system CAs and `caPem`. */
export function trustingMsalNetwork(caPem: string): INetworkModule {
  const agent = new https.Agent({ ca: [...rootCertificates, caPem], keepAlive: false });
  const send = <T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions, timeout?: number) =>
    new Promise<NetworkResponse<T>>((resolve, reject) => {
      const request = https.request(url, { method, agent, headers: options?.headers, timeout }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // MSAL reads error bodies as objects; a non-JSON body stays text.
          }
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) headers[k] = String(v);
          resolve({ status: response.statusCode ?? 0, headers, body: body as T });
        });
      });
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", reject);
      if (options?.body) request.write(options.body);
      request.end();
    });
  return {
    sendGetRequestAsync: (url, options, timeout) => send("GET", url, options, timeout),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}
