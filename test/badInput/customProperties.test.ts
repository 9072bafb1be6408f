// Bad input corpus, part 3: the item's custom properties (at most 2,500 characters for the add-in, as Outlook counts
// them). The REAL custom-properties store runs over a mailbox stand-in; InterAction is the server-like fake.
import { messages } from "../../src/core/messages";
import type { AttachmentInfo } from "../../src/core/meeting";
import { createCustomPropertiesStateStore } from "../../src/office/syncStateStore";
import { runSync } from "../../src/sync/runSync";
import { createHarness } from "../support/fakes";
import { mailboxStandIn } from "../support/reliabilityOffice";

const files = (n: number): AttachmentInfo[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `att-${i}`,
    name: `Exhibit ${String(i).padStart(3, "0")} – signed copy.pdf`,
    size: 1000 + i,
    contentType: "application/pdf",
    isInline: false,
    kind: "file" as const,
  }));

const size = (props: Record<string, unknown>) => JSON.stringify(props).length;

function setup(otherProperties: Record<string, unknown> = {}, attachments = files(0)) {
  const office = mailboxStandIn(otherProperties);
  const h = createHarness({ snapshot: { isNew: false, itemId: "AAMk-budget", attachments } });
  h.deps.stateStore = createCustomPropertiesStateStore(office.mailbox);
  return { h, office };
}

describe("the item's custom properties stay within Outlook's 2,500 characters", () => {
  test("a meeting with 80 attachments: the state fits, every document arrives once, a reopen duplicates none", async () => {
    const { h, office } = setup({}, files(80));
    const outcome = await runSync({ kind: "add" }, h.deps, { deadlineMs: 60_000 });
    expect(outcome.status).toBe("synced");
    expect(h.notifier.last?.message).toBe(messages.add.added);
    expect(Math.max(...office.saved.map(size))).toBeLessThanOrEqual(2500);
    const [key] = [...h.api.meetings.keys()];
    expect(h.api.documents.get(key!)?.size).toBe(80);
    await runSync({ kind: "open" }, h.deps, { deadlineMs: 60_000 });
    expect(h.api.documents.get(key!)?.size).toBe(80);
    expect(h.api.meetings.size).toBe(1);
    expect(Math.max(...office.saved.map(size))).toBeLessThanOrEqual(2500);
  });

  test("other properties of the add-in already use 2,300 characters: the sync state still fits and syncs", async () => {
    const { h, office } = setup({ notes: "x".repeat(2280) }, files(5));
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("synced");
    expect(h.notifier.last?.message).toBe(messages.add.added);
    expect(size(office.properties)).toBeLessThanOrEqual(2500);
    expect(office.properties.notes).toBe("x".repeat(2280));
  });

  test("exactly at the limit: a state that makes the bag exactly 2,500 characters is saved", async () => {
    const probe = setup();
    await runSync({ kind: "add" }, probe.h.deps);
    const stateChars = size(probe.office.properties);
    const filler = 2500 - stateChars - size({ pad: "" }) + 1; // {"ia":…,"pad":"…"} = 2,500
    const { h, office } = setup({ pad: "p".repeat(filler) });
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("synced");
    // At the limit is within it: the user gets the plain confirmation, not the "could not save" error.
    expect(h.notifier.last).toMatchObject({ kind: "success", message: messages.add.added });
    expect(size(office.properties)).toBe(2500);
    expect(office.saved.length).toBeGreaterThan(0);
    expect(office.properties.ia).toBeDefined();
    expect(h.api.meetings.size).toBe(1);
  });

  test("no room left at all: the meeting is not added (it could be added twice) and the user is told why", async () => {
    const { h, office } = setup({ pad: "p".repeat(2490) });
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("error");
    expect(h.notifier.last).toMatchObject({ kind: "error", message: messages.failure.itemNotSaved });
    expect(h.api.meetings.size).toBe(0);
    expect(office.properties.ia).toBeUndefined();
  });
});
