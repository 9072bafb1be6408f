// Security: an InterAction access token never leaves memory. A full flow — sign-in through the dev token provider,
// Add, an attachment, a send that InterAction refuses (500) and queues, a rejected (tampered) token, a late answer,
// malformed JSON, the task pane's view, Retry, background delivery, the send handler — runs with the REAL Office
// adapters for custom properties and notifications (over a small mailbox stand-in), the REAL client and token
// provider against the sandbox. Afterwards every place a token could leak is searched for it: the item's custom
// properties, notifications, runtime storage (outbox, history, settings cache), console output, the task pane view
// and the outcomes handed to the shells.
import { createDevTokenProvider } from "../../src/auth/devTokenProvider";
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
import { startReliabilitySandbox, type ReliabilitySandbox } from "../support/reliabilitySandbox";
import { mailboxStandIn } from "../support/reliabilityOffice";

let box: ReliabilitySandbox;
beforeAll(async () => {
  box = await startReliabilitySandbox();
}, 60_000);
afterAll(async () => {
  await box.close();
});

test("no access token appears in custom properties, notifications, storage, the view or the console", async () => {
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
    const tokens = createDevTokenProvider({ apiBaseUrl: box.url, email: () => "alice@firm.example" });
    let tamper = false;
    const getToken = async (o?: { forceRefresh?: boolean }) => {
      if (o?.forceRefresh) tokens.clear?.();
      const token = await tokens.getAccessToken({ interactive: false });
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
    // "Bearer" never shows up either (no header dumps).
    for (const [place, text] of Object.entries(places))
      expect(`${place}: ${/Bearer\s+\S+/.test(text)}`).toBe(`${place}: false`);
  } finally {
    spies.forEach((s) => s.mockRestore());
    await box.setFaults([]);
  }
}, 60_000);
