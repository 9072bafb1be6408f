// Nested app authentication in classic Outlook's JavaScript-only runtime: the real production commands.js in node:vm
// with what that runtime has (no DOM, no localStorage, no page URL) plus what Microsoft's NAA needs there and Outlook
// provides: a `window` object carrying `nestedAppAuthBridge` and `crypto`, but no `location` or `document`
// (msal-browser's "JS Runtime scenario": AzureAD/microsoft-authentication-library-for-js#7475; office-js#5208).
// MSAL's bridge proxy speaks its JSON protocol to that bridge; an event only ever asks silently.
import { webcrypto } from "node:crypto";
import { messages } from "../../src/core/messages";
import { SETTINGS_KEY } from "../../src/sync/settingsCache";
import { newTopClientMeeting, runEvent, useDomlessRuntime } from "./domlessRuntime";
import { naaAnswerBase, naaBridge, naaInitContext, type NaaRequest } from "./naaBridge";

const rt = useDomlessRuntime();

const NAA_CONFIG = (apiBaseUrl: string) => ({
  apiBaseUrl,
  auth: {
    mode: "naa",
    clientId: "add1a000-0000-4000-8000-0000000add1a",
    authority: "https://login.microsoftonline.com/organizations",
    scopes: ["api://interaction.firm.example/access_as_user"],
  },
});

/** Outlook's bridge in the JS-only runtime, answering as its broker would when the user must consent first. */
function consentRequiredBridge() {
  const answer = (request: NaaRequest) => {
    if (request.method === "GetInitContext") return naaInitContext(request);
    return {
      ...naaAnswerBase(request),
      success: false,
      error: {
        status: "USER_INTERACTION_REQUIRED",
        code: "invalid_grant",
        subError: "consent_required",
        description: "AADSTS65001: The user or administrator has not consented to use the application.",
      },
    };
  };
  // The broker answers a moment later, not in the same turn (as the bridge this test was written with did).
  return naaBridge((request) => new Promise((resolve) => setTimeout(() => resolve(answer(request)), 5)));
}

describe("the commands bundle's nested app authentication in the JS-only runtime", () => {
  it("on send, a sign-in that needs the user never prompts: the meeting goes out, the change waits, the user is sent to the pane", async () => {
    await fetch(`${rt.sandbox.url}/__sandbox/reset`, { method: "POST" });
    // The firm's settings as an earlier event cached them, so the firm rules decide without InterAction.
    const token = await fetch(`${rt.sandbox.url}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "alice@firm.example" }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const settings = await fetch(`${rt.sandbox.url}/api/v1/settings/calendar-sync`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    }).then((r) => r.json());
    const runtimeStorage = new Map([
      [SETTINGS_KEY, JSON.stringify({ fetchedAt: new Date().toISOString(), value: settings })],
      ["interaction.addinConfig", JSON.stringify(NAA_CONFIG(rt.sandbox.url))],
    ]);
    const outlook = newTopClientMeeting();
    Object.assign(outlook.office.context.requirements, {
      isSetSupported: (name: string) => name === "NestedAppAuth" || name === "Mailbox",
    });
    const naa = consentRequiredBridge();
    const { associated } = rt.loadBundle(outlook, runtimeStorage, {
      addinConfig: NAA_CONFIG(rt.sandbox.url),
      globals: { window: { nestedAppAuthBridge: naa.bridge, crypto: webcrypto } },
    });

    // The user chose "Add to InterAction" on the ribbon while composing (no InterAction call: it is added on send).
    await runEvent(associated.get("addToInterAction"));
    expect(await runEvent(associated.get("onAppointmentSend"))).toEqual({ allowEvent: true });

    // MSAL reached Outlook's bridge (init context, then silent requests for the configured app and scope) and never
    // asked for a popup.
    expect(naa.requests.map((r) => r.method)).toContain("GetInitContext");
    const tokenRequests = naa.requests.filter((r) => r.method !== "GetInitContext");
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests.every((r) => r.method === "GetToken")).toBe(true);
    expect(tokenRequests[0]?.tokenParams).toMatchObject({
      clientId: "add1a000-0000-4000-8000-0000000add1a",
      scope: expect.stringContaining("api://interaction.firm.example/access_as_user"),
    });
    // Nothing reached InterAction without a token; the change waits in the outbox, and the user is sent to the pane.
    const requests = (await (await fetch(`${rt.sandbox.url}/__sandbox/requests`)).json()) as { items: unknown[] };
    expect(requests.items.filter((r) => /meetings/.test(JSON.stringify(r)))).toEqual([]);
    const queued = [...runtimeStorage.entries()].find(([k]) => /outbox/i.test(k));
    expect(JSON.parse(queued?.[1] ?? "[]")).toEqual([
      expect.objectContaining({ op: expect.objectContaining({ kind: "upsertMeeting", revision: 1 }) }),
    ]);
    const notices = [...outlook.notifications.values()].map((n) => n.message).join(" ");
    expect(notices).toContain(messages.signIn.openPane);
  }, 60_000);
});
