// Contract: calendarView delta through the Graph SDK: paging with Prefer: odata.maxpagesize to the deltaLink, then
// following the deltaLink after moves, edits, cancellations and removals; the window fixed by the first call; 410 Gone
// once the delta tokens expired.
import { startHarness, enc, type Harness } from "./support";

// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const ALICE = "alice@firm.example";
const WINDOW = "startDateTime=2026-12-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z";

interface DeltaEntry {
  id: string;
  subject?: string;
  isCancelled?: boolean;
  start?: { dateTime: string };
  "@removed"?: { reason: string };
}

/** Follows nextLinks to the deltaLink; answers every entry and the number of pages. */
async function round(link: string, pageSize: number) {
  const entries: DeltaEntry[] = [];
  let pages = 0;
  for (let url = link; ;) {
    const page = await h.client().api(url).header("Prefer", `odata.maxpagesize=${pageSize}`).get();
    pages++;
    entries.push(...(page.value as DeltaEntry[]));
    if (page["@odata.nextLink"]) url = page["@odata.nextLink"];
    else return { entries, pages, deltaLink: page["@odata.deltaLink"] as string };
  }
}

async function create(mailbox: string, subject: string, start: string, end: string, attendees: string[] = []) {
  const r = await h.call("POST", `/exchange/mailboxes/${mailbox}/items`, {
    fields: { subject, start, end, attendees: attendees.map((email) => ({ email })) },
    send: true,
  });
  expect(r.status).toBe(201);
  return r.body as { itemId: string; restId: string; iCalUId: string };
}

test("pages to the deltaLink, then reports moves, edits, cancellations and removals; the window stays fixed", async () => {
  const a = await create(ALICE, "A", "2026-12-02T09:00:00Z", "2026-12-02T10:00:00Z", ["bob@firm.example"]);
  const b = await create(ALICE, "B", "2026-12-03T09:00:00Z", "2026-12-03T10:00:00Z");
  const c = await create(ALICE, "C", "2026-12-04T09:00:00Z", "2026-12-04T10:00:00Z");
  const d = await create(ALICE, "D", "2026-12-05T09:00:00Z", "2026-12-05T10:00:00Z");
  const e = await create(ALICE, "E", "2026-12-06T09:00:00Z", "2026-12-06T10:00:00Z");
  await create(ALICE, "outside", "2027-02-01T09:00:00Z", "2027-02-01T10:00:00Z");

  const first = await round(`/users/${ALICE}/calendarView/delta?${WINDOW}`, 2);
  expect(first.pages).toBe(3);
  expect(first.entries.map((x) => x.subject).sort()).toEqual(["A", "B", "C", "D", "E"]);

  // Changes: a drag within the window, a drag out of it, a saved edit, a cancellation, a removal, a new meeting.
  await h.call("POST", `/exchange/mailboxes/${ALICE}/items/${enc(a.itemId)}/move`, {
    start: "2026-12-02T11:00:00Z",
    end: "2026-12-02T12:00:00Z",
  });
  await h.call("POST", `/exchange/mailboxes/${ALICE}/items/${enc(b.itemId)}/move`, {
    start: "2027-03-03T09:00:00Z",
    end: "2027-03-03T10:00:00Z",
  });
  await h.call("PATCH", `/exchange/mailboxes/${ALICE}/items/${enc(c.itemId)}`, { fields: { subject: "C2" } });
  await h.call("POST", `/exchange/mailboxes/${ALICE}/items/${enc(d.itemId)}/cancel`, {});
  await h.call("DELETE", `/exchange/mailboxes/${ALICE}/items/${enc(e.itemId)}`);
  const f = await create(ALICE, "F", "2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z");
  await create(ALICE, "G outside", "2027-01-15T09:00:00Z", "2027-01-15T10:00:00Z");

  const second = await round(first.deltaLink, 2);
  const byId = new Map(second.entries.map((x) => [x.id, x]));
  expect(byId.get(a.restId)?.start?.dateTime).toBe("2026-12-02T11:00:00.0000000");
  expect(byId.get(b.restId)?.["@removed"]).toEqual({ reason: "deleted" });
  expect(byId.get(c.restId)?.subject).toBe("C2");
  expect(byId.get(d.restId)?.["@removed"]).toEqual({ reason: "deleted" });
  expect(byId.get(e.restId)?.["@removed"]).toEqual({ reason: "deleted" });
  expect(byId.get(f.restId)?.subject).toBe("F");
  expect(second.entries).toHaveLength(6); // "G outside" is outside the window fixed by the first call

  // Nothing changed since: an empty round with a fresh deltaLink.
  const third = await round(second.deltaLink, 2);
  expect(third.entries).toEqual([]);
});

test("the organizer's cancellation shows in the attendee's delta as an update with isCancelled", async () => {
  const m = await create(ALICE, "Review", "2026-12-10T09:00:00Z", "2026-12-10T10:00:00Z", ["dana@firm.example"]);
  const first = await round(`/users/dana@firm.example/calendarView/delta?${WINDOW}`, 50);
  const danaCopy = first.entries.find((x) => x.subject === "Review");
  expect(danaCopy).toBeDefined();
  await h.call("POST", `/exchange/mailboxes/${ALICE}/items/${enc(m.itemId)}/cancel`, {});
  const second = await round(first.deltaLink, 50);
  expect(second.entries).toEqual([
    expect.objectContaining({ id: danaCopy?.id, isCancelled: true, subject: "Canceled: Review" }),
  ]);
});

test("an expired delta token answers 410 Gone, and a new full sync works", async () => {
  const first = await round(`/users/bob@firm.example/calendarView/delta?${WINDOW}`, 10);
  const expired = await h.call("POST", "/__graph/delta-tokens/expire", { mailbox: "bob@firm.example" });
  expect(expired.status).toBe(200);
  await expect(h.client().api(first.deltaLink).get()).rejects.toMatchObject({
    statusCode: 410,
    code: "SyncStateNotFound",
  });
  const again = await round(`/users/bob@firm.example/calendarView/delta?${WINDOW}`, 10);
  expect(again.deltaLink).toBeTruthy();
});

test("a first call without a window is refused, and a token of another mailbox is not accepted", async () => {
  await expect(h.client().api(`/users/${ALICE}/calendarView/delta`).get()).rejects.toMatchObject({ statusCode: 400 });
  const first = await round(`/users/${ALICE}/calendarView/delta?${WINDOW}`, 10);
  const token = new URL(first.deltaLink).searchParams.get("$deltatoken");
  await expect(
    h.client().api(`/users/bob@firm.example/calendarView/delta?$deltatoken=${token}`).get(),
  ).rejects.toMatchObject({ statusCode: 400 });
});
