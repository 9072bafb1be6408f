// HTTPS for the Graph SDK and msal-node over node:https, so the service can trust one extra certificate authority
// (the local Graph's, in development and tests) without NODE_EXTRA_CA_CERTS at process start. Node's built-in fetch
// takes no CA option. In production no CA is given and the system's trust store applies, as with fetch.
import https from "node:https";
import tls from "node:tls";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

export interface HttpsOptions {
  /** Extra CA certificate(s) (PEM) trusted besides the system's. */
  ca?: string;
  /** Per request, default 30 s. */
  timeoutMs?: number;
}

/** The subset of fetch's init the Graph SDK and msal-node send. */
export interface HttpsInit {
  method?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: unknown;
  signal?: AbortSignal | null;
}

export type HttpsFetch = (url: string, init?: HttpsInit) => Promise<Response>;

const headerObject = (headers: HttpsInit["headers"]): Record<string, string> => {
  const out: Record<string, string> = {};
  new Headers(headers ?? {}).forEach((value, key) => (out[key] = value));
  return out;
};

/** A fetch (the subset the Graph SDK and the service use: method, headers, string body) over node:https. */
export function createHttpsFetch(options: HttpsOptions = {}): HttpsFetch {
  const ca = options.ca ? [...tls.rootCertificates, options.ca] : undefined;
  const agent = new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) });
  const timeoutMs = options.timeoutMs ?? 30_000;
  return (url, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const body = init.body === undefined || init.body === null ? undefined : String(init.body);
      const request = https.request(
        url,
        { method: init.method ?? "GET", headers: headerObject(init.headers), agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
            }
            const status = res.statusCode ?? 0;
            const bytes = Buffer.concat(chunks);
            resolve(
              new Response(status === 204 || status === 304 ? null : bytes, {
                status,
                statusText: res.statusMessage ?? "",
                headers,
              }),
            );
          });
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error(`No answer from ${new URL(url).host} within ${timeoutMs} ms`)),
      );
      request.on("error", reject);
      init.signal?.addEventListener("abort", () => request.destroy(new Error("aborted")));
      if (body !== undefined) request.write(body);
      request.end();
    });
}

/** msal-node's network module over the same transport (its default one cannot be given a CA). */
export function msalNetworkClient(fetchImpl: HttpsFetch): INetworkModule {
  const send = async <T>(url: string, method: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const res = await fetchImpl(url, {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(options?.body !== undefined ? { body: options.body } : {}),
    });
    const text = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // Not JSON: msal reports the status.
    }
    return { headers, body: body as T, status: res.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, "GET", options),
    sendPostRequestAsync: (url, options) => send(url, "POST", options),
  };
}
