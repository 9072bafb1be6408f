// Nested app authentication in classic Outlook's JavaScript-only runtime, when the user has consented: the real
// production commands.js in node:vm (no DOM, no localStorage), with the `window` Outlook gives that runtime (its
// `nestedAppAuthBridge` and `crypto`). The bridge answers MSAL's silent requests as Outlook's broker does, with tokens
// of the local identity provider (dev/graph) for the signed-in user; the InterAction sandbox trusts that issuer as a
// firm's gateway trusts Microsoft Entra ID. So the event's write reaches InterAction with a token MSAL got through
// the bridge, and the token stays in MSAL's memory. The consent-required path: domlessNaa.test.ts.
// MSAL reads each bridge answer's ID token with `atob` and `TextDecoder`, which plain node:vm lacks. Microsoft's page on
// runtimes does not list them for the JavaScript-only runtime, but Microsoft's NAA event sample bundles MSAL with no
// polyfill, so Outlook's runtime has them: the test gives them as Outlook would.
import { webcrypto } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startGraph, type RunningGraph } from "../../dev/graph/server";
import { ADDIN_APP } from "../../dev/graph/registrations";
import { trustingDispatcher } from "../../dev/graph/trust";
import { localIssuerTrust, trustIssuer } from "../../dev/sandbox/gateway";
import { newTopClientMeeting, runEvent, useDomlessRuntime } from "./domlessRuntime";
import { naaAnswerBase, naaBridge, naaInitContext, type NaaRequest } from "./naaBridge";

const rt = useDomlessRuntime();
const SCOPE = "api://interaction.firm.example/access_as_user";
const BROKER_REDIRECT_URI = "brk-multihub://localhost:3000";

let graph: RunningGraph;
let tlsDir = "";
let dispatcher: object;

beforeAll(async () => {
  tlsDir = mkdtempSync(path.join(os.tmpdir(), "ia-domless-tls-"));
  graph = await startGraph({ port: 0, dbFile: ":memory:", tlsDir });
  dispatcher = await trustingDispatcher(graph.caPem);
  // The runtime helper types its sandbox narrowly; it is the whole running sandbox.
  trustIssuer(rt.sandbox as unknown as Parameters<typeof trustIssuer>[0], localIssuerTrust(graph));
}, 60_000);

afterAll(async () => {
  await graph?.close();
  rmSync(tlsDir, { recursive: true, force: true });
});

const graphCall = (pathname: string, body: unknown) =>
  fetch(`${graph.url}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    dispatcher,
  } as Parameters<typeof fetch>[1]);

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, string>;

/** Outlook's bridge for `user`: silent tokens from the identity provider, shaped as MSAL's bridge proxy expects. */
function outlookBridge(user: string) {
  const issued: string[] = [];
  const answer = async (request: NaaRequest) => {
    const base = naaAnswerBase(request);
    if (request.method === "GetInitContext") return naaInitContext(request);
    if (request.method !== "GetToken")
      return { ...base, success: false, error: { status: "PERSISTENT_ERROR", code: "interaction_not_supported" } };
    const res = await graphCall("/__graph/broker/token", {
      user,
      clientId: request.tokenParams?.clientId,
      scope: request.tokenParams?.scope,
      redirectUri: BROKER_REDIRECT_URI,
    });
    const token = (await res.json()) as { access_token?: string; id_token: string; expires_in: number; scope: string };
    if (!res.ok || !token.access_token)
      return { ...base, success: false, error: { status: "PERSISTENT_ERROR", code: "token_refused" } };
    issued.push(token.access_token);
    const claims = claimsOf(token.id_token);
    return {
      ...base,
      success: true,
      token: { ...token, properties: null },
      account: {
        homeAccountId: `${claims.oid}.${claims.tid}`,
        environment: "login.microsoftonline.com",
        tenantId: claims.tid,
        localAccountId: claims.oid,
        username: claims.preferred_username,
        name: claims.name,
      },
    };
  };
  return { ...naaBridge(answer), issued };
}

describe("the commands bundle's nested app authentication in the JS-only runtime, consented", () => {
  it("on send, the firm rules add the meeting with a token MSAL got silently through Outlook's bridge", async () => {
    await fetch(`${rt.sandbox.url}/__sandbox/reset`, { method: "POST" });
    const signedIn = await graphCall("/__graph/sessions/sign-in", { user: "alice@firm.example" });
    expect(signedIn.status).toBe(200);
    const config = {
      apiBaseUrl: rt.sandbox.url,
      auth: {
        mode: "naa",
        clientId: ADDIN_APP.clientId,
        authority: "https://login.microsoftonline.com/organizations",
        scopes: [SCOPE],
      },
    };
    const runtimeStorage = new Map<string, string>();
    const outlook = newTopClientMeeting();
    Object.assign(outlook.office.context.requirements, {
      isSetSupported: (name: string) => name === "NestedAppAuth" || name === "Mailbox",
    });
    const naa = outlookBridge("alice@firm.example");
    const { associated } = rt.loadBundle(outlook, runtimeStorage, {
      addinConfig: config,
      globals: { window: { nestedAppAuthBridge: naa.bridge, crypto: webcrypto }, atob, TextDecoder },
    });

    await runEvent(associated.get("addToInterAction"));
    expect(await runEvent(associated.get("onAppointmentSend"))).toEqual({ allowEvent: true });

    // MSAL asked the bridge silently only, for the add-in's registration and InterAction's scope, and got a token
    // issued to the add-in for Alice.
    expect(naa.requests.every((r) => r.method === "GetInitContext" || r.method === "GetToken")).toBe(true);
    expect(naa.requests.find((r) => r.method === "GetToken")?.tokenParams).toMatchObject({
      clientId: ADDIN_APP.clientId,
      scope: expect.stringContaining(SCOPE),
    });
    expect(naa.issued.length).toBeGreaterThan(0);
    expect(claimsOf(naa.issued[0]!)).toMatchObject({ aud: "api://interaction.firm.example", azp: ADDIN_APP.clientId });

    // InterAction accepted the meeting write with that token (the add-in has no other token in naa mode).
    const writes = (await rt.requestLog()).filter((r) => r.method === "PUT" && /^\/api\/v1\/meetings\//.test(r.path));
    expect(writes.map((w) => w.status)).toEqual([201]);
    const queued = [...runtimeStorage.entries()].find(([k]) => /outbox/i.test(k));
    expect(JSON.parse(queued?.[1] ?? "[]")).toEqual([]);

    // No token outside MSAL's memory: runtime storage (outbox, settings, config), the item, its notifications.
    const places = JSON.stringify({
      storage: [...runtimeStorage.entries()],
      notifications: [...outlook.notifications.values()],
      customProperties: (outlook.commit(), outlook.storedProperties()),
    });
    for (const token of naa.issued) expect(places).not.toContain(token);
    expect(places).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./);
  }, 60_000);
});
