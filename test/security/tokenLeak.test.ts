// Security: an InterAction access token never leaves memory. A full flow — sign-in through the dev token provider,
// Add, an attachment, a send that InterAction refuses (500) and queues, a rejected (tampered) token, a late answer,
// malformed JSON, the task pane's view, Retry, background delivery, the send handler — runs with the REAL Office
// adapters for custom properties and notifications (over a small mailbox stand-in), the REAL client and token
// provider against the sandbox. Afterwards every place a token could leak is searched for it: the item's custom
// properties, notifications, runtime storage (outbox, history, settings cache), console output, the task pane view
// and the outcomes handed to the shells. The flow runs once per token provider the add-in ships: the dev provider,
// nested app authentication (a fake MSAL application) and the dialog fallback (a fake Office dialog whose sign-in page
// answers with the token); the fakes hand out real sandbox tokens, so each one is recognisable and accepted.
import type { AccountInfo, Configuration, IPublicClientApplication } from "@azure/msal-browser";
import { createDevTokenProvider } from "../../src/auth/devTokenProvider";
import { createDialogTokenProvider } from "../../src/auth/dialogTokenProvider";
import { createNaaTokenProvider } from "../../src/auth/naaTokenProvider";
import type { TokenProvider } from "../../src/auth/tokenProvider";
import { createCommandHandlers } from "../../src/commands/handlers";
import { createInterActionApi, createInterActionClient } from "../../src/interaction";
import { createCustomPropertiesStateStore } from "../../src/office/syncStateStore";
import { createItemNotifier } from "../../src/office/notifier";
import { deliverOutbox } from "../../src/sync/deliverOutbox";
import type { SyncDeps } from "../../src/sync/deps";
import { loadMeetingView } from "../../src/sync/loadMeetingView";
import { runSync } from "../../src/sync/runSync";
import { createStorageOutbox } from "../../src/sync/storageOutbox";
import { FakeMailboxItem, FixedClock, meetingSnapshot, MemoryStorage, SeededRandom } from "../support/fakes";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";
import { mailboxStandIn } from "../support/reliabilityOffice";

// Each provider's flow starts from an empty InterAction (the same seeded sync key would otherwise meet old revisions).
const box = useReliabilitySandbox();

interface UnderTest {
  provider: TokenProvider;
  /** The dialog needs a user gesture: the flow stands for the task pane there (interactive). */
  interactive: boolean;
  /** Provider-specific checks after the flow. */
  after?: () => void;
}

/** The fake MSAL application nested app authentication gets: silent tokens come from the sandbox. */
function naa(dev: TokenProvider): UnderTest {
  const account = { homeAccountId: "alice.tenant", username: "alice@firm.example" } as AccountInfo;
  let active: AccountInfo | null = null;
  const configs: Configuration[] = [];
  const pca = {
    getActiveAccount: () => active,
    getAllAccounts: () => [account],
    setActiveAccount: (a: AccountInfo | null) => void (active = a),
    acquireTokenSilent: async () => ({ accessToken: await dev.getAccessToken(), account }),
    acquireTokenPopup: async () => Promise.reject(new Error("no popup in an event runtime")),
  } as unknown as IPublicClientApplication;
  const provider = createNaaTokenProvider({
    clientId: "00000000-0000-0000-0000-000000000001",
    authority: "https://login.microsoftonline.com/organizations",
    scopes: ["api://interaction.example/access_as_user"],
    createPca: async (config) => (configs.push(config), pca),
  });
  return {
    // A 401 makes the client ask again: MSAL would renew; here the sandbox issues a fresh token.
    provider: { getAccessToken: (o) => provider.getAccessToken(o), clear: () => dev.clear?.() },
    interactive: false,
    // MSAL's own cache, in memory: the only place the token is kept.
    after: () => expect(configs.map((c) => c.cache?.cacheLocation)).toEqual(["memoryStorage"]),
  };
}

/** A fake Office dialog: the sign-in page (auth-dialog.html) answers with messageParent once it is open. */
function dialog(dev: TokenProvider): UnderTest {
  const opened: string[] = [];
  const ui = {
    displayDialogAsync: (url: string, _o: unknown, callback: (r: unknown) => void) => {
      opened.push(url);
      const handlers = new Map<string, (arg: unknown) => void>();
      callback({
        status: "succeeded",
        value: {
          close: () => undefined,
          addEventHandler: (t: unknown, h: (a: unknown) => void) => handlers.set(String(t), h),
        },
      });
      void dev.getAccessToken().then((accessToken) =>
        handlers.get("dialogMessageReceived")?.({
          message: JSON.stringify({ status: "ok", accessToken, expiresOn: Date.now() + 3_600_000 }),
        }),
      );
    },
  } as unknown as Pick<Office.UI, "displayDialogAsync">;
  const provider = createDialogTokenProvider({ dialogUrl: "https://localhost:3000/auth-dialog.html", ui });
  return {
    provider: {
      getAccessToken: (o) => provider.getAccessToken(o),
      clear: () => (provider.clear?.(), dev.clear?.()),
    },
    interactive: true,
    after: () => expect(opened.length).toBeGreaterThan(0),
  };
}

test.each<[string, (dev: TokenProvider) => UnderTest]>([
  ["the dev token provider", (dev) => ({ provider: dev, interactive: false })],
  ["nested app authentication (fake MSAL)", naa],
  ["the dialog fallback (fake Office dialog)", dialog],
])(
  "%s: no access token appears in custom properties, notifications, storage, the view or the console",
  async (_name, underTest) => {
    const console$ = ["log", "info", "warn", "error", "debug"] as const;
    const printed: string[] = [];
    const spies = console$.map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (typeof a === "string" ? a : (JSON.stringify(a) ?? String(a)))).join(" "));
      }),
    );
    const issued: string[] = [];
    try {
      // The token provider signs in through the sandbox's dev route; every token it hands out is remembered.
      const dev = createDevTokenProvider({ apiBaseUrl: box.url, email: () => "alice@firm.example" });
      const { provider: tokens, interactive, after } = underTest(dev);
      let tamper = false;
      const getToken = async (o?: { forceRefresh?: boolean }) => {
        if (o?.forceRefresh) tokens.clear?.();
        const token = await tokens.getAccessToken({ interactive });
        issued.push(token);
        if (!tamper) return token;
        const forged = `${token.slice(0, -6)}AAAAAA`;
        issued.push(forged);
        return forged;
      };
      const client = createInterActionClient({ baseUrl: box.url, getToken, timeoutMs: 200 });
      const office = mailboxStandIn();
      const storage = new MemoryStorage();
      const item = new FakeMailboxItem(
        meetingSnapshot({
          isNew: false,
          itemId: "AAMk-token-1",
          attachments: [
            {
              id: "a1",
              name: "Engagement letter.pdf",
              size: 12,
              contentType: "application/pdf",
              isInline: false,
              kind: "file",
            },
          ],
        }),
      );
      item.content.a1 = { base64: Buffer.from("letter bytes").toString("base64"), contentType: "application/pdf" };
      const deps: SyncDeps = {
        item,
        stateStore: createCustomPropertiesStateStore(office.mailbox),
        outbox: createStorageOutbox(storage),
        api: createInterActionApi(client),
        clock: new FixedClock(),
        notifier: createItemNotifier(office.mailbox),
        random: new SeededRandom(7),
        storage,
      };
      const outcomes: unknown[] = [];
      const handlers = createCommandHandlers({
        deps: async () => deps,
        runSync: async (t, d, o) => {
          const outcome = await runSync(t, d, o);
          outcomes.push(outcome);
          return outcome;
        },
        log: (m) => console.log(`[InterAction] ${m}`),
      });
      const completed: unknown[] = [];
      const event = { completed: (o?: unknown) => void completed.push(o ?? {}) };

      outcomes.push(await runSync({ kind: "add" }, deps));
      await box.setFaults([{ method: "PUT", path: "^/api/v1/meetings/", status: 500, times: 10 }]);
      item.update({ subject: "Acme quarterly review (moved)" });
      await handlers.onAppointmentSend(event);
      tamper = true; // InterAction now refuses the token (401 twice: the retry with a fresh one is forged too)
      await box.setFaults([]);
      outcomes.push(await runSync({ kind: "retry" }, deps));
      tamper = false;
      await box.setFaults([{ method: "PUT", path: "^/api/v1/meetings/", malformed: true, times: 1 }]);
      outcomes.push(await runSync({ kind: "retry" }, deps));
      await box.setFaults([{ path: "^/api/v1/", delayMs: 400, times: 1 }]);
      outcomes.push(await runSync({ kind: "retry" }, deps));
      await box.setFaults([]);
      outcomes.push(await deliverOutbox(deps));
      const view = await loadMeetingView(deps);
      outcomes.push(await runSync({ kind: "retry" }, deps));
      expect(box.meetings()).toHaveLength(1);
      expect(completed).toEqual([{ allowEvent: true }]);

      const places: Record<string, string> = {
        "custom properties": JSON.stringify([office.properties, office.saved]),
        notifications: JSON.stringify(office.shown),
        "runtime storage (outbox, history, settings cache)": JSON.stringify([...storage.data.entries()]),
        "console output": printed.join("\n"),
        "task pane view": JSON.stringify(view),
        "outcomes handed to the shells": JSON.stringify(outcomes),
      };
      expect(issued.length).toBeGreaterThan(0);
      expect(office.shown.length).toBeGreaterThan(0);
      expect(storage.data.size).toBeGreaterThan(0);
      for (const token of new Set(issued)) {
        const [, payload, signature] = token.split(".");
        for (const [place, text] of Object.entries(places)) {
          for (const needle of [token, signature, payload]) {
            if (needle && text.includes(needle)) throw new Error(`an access token leaked into ${place}`);
          }
        }
      }
      after?.();
      // "Bearer" never shows up either (no header dumps).
      for (const [place, text] of Object.entries(places))
        expect(`${place}: ${/Bearer\s+\S+/.test(text)}`).toBe(`${place}: false`);
    } finally {
      spies.forEach((s) => s.mockRestore());
      await box.setFaults([]);
    }
  },
  60_000,
);
