// Contract tests: InterAction's meeting rules, driven through the typed client against a real sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { DAY, HOUR, meeting, newSyncKey, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.setClock(null);
});

describe("adding a meeting to InterAction", () => {
  it("creates an appointment (201) linked to the attendees' contacts and companies, and lists the rest as unresolved", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const { record, created, etag } = await alice.upsertMeeting(key, meeting(), { idempotencyKey: `${key}:r1` });
    expect(created).toBe(true);
    expect(etag).toMatch(/^"r1\./);
    expect(record).toMatchObject({
      syncKey: key,
      kind: "appointment",
      status: "scheduled",
      frozen: false,
      revision: 1,
      contacts: [{ id: "p-carol", name: "Carol Chen", email: "carol@acme.example", companyId: "c-acme" }],
      companies: [{ id: "c-acme", name: "Acme Corporation" }],
      unresolvedAttendees: [{ email: "zoe@newco.example", name: "Zoe Zimmer" }],
      documents: [],
    });
    // Firm users are colleagues, not unresolved; the meeting room (a resource) is neither.
    expect(record.colleagues.map((c) => c.email).sort()).toEqual(["alice@firm.example", "bob@firm.example"]);
    const end = Date.parse(record.end);
    expect(Date.parse(record.syncUntil)).toBe(end + 14 * DAY);
  });

  it("reads the meeting back with GET, with its ETag; an unknown meeting reads as null (404)", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const put = await alice.upsertMeeting(key, meeting());
    const got = await alice.getMeeting(key);
    expect(got?.record).toEqual(put.record);
    expect(got?.etag).toBe(put.etag);
    expect(await alice.getMeeting(newSyncKey())).toBeNull();
  });

  it("does not link companies when the firm turned includeAssociatedCompanies off, but still links the contacts", async () => {
    const alice = h.clientFor("alice@firm.example");
    const settings = await alice.getSettings();
    await alice.putSettings({ ...settings, includeAssociatedCompanies: false });
    try {
      const { record } = await alice.upsertMeeting(newSyncKey(), meeting());
      expect(record.companies).toEqual([]);
      expect(record.contacts.map((c) => c.id)).toEqual(["p-carol"]);
    } finally {
      await alice.putSettings(settings);
    }
  });

  it("refuses recurring and private meetings with 422 (not retryable)", async () => {
    const alice = h.clientFor("alice@firm.example");
    await expect(alice.upsertMeeting(newSyncKey(), meeting({ isRecurring: true }))).rejects.toMatchObject({
      code: "ineligible",
      status: 422,
      retryable: false,
      message: expect.stringMatching(/recurring/i),
    });
    await expect(alice.upsertMeeting(newSyncKey(), meeting({ sensitivity: "private" }))).rejects.toMatchObject({
      code: "ineligible",
      status: 422,
      message: expect.stringMatching(/private/i),
    });
  });

  it("stops an added meeting that later became recurring (422) and keeps the stored copy as it was", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    await expect(alice.upsertMeeting(key, meeting({ revision: 2, isRecurring: true }))).rejects.toMatchObject({
      status: 422,
    });
    expect((await alice.getMeeting(key))?.record.revision).toBe(1);
  });

  it("answers 400 naming the invalid fields", async () => {
    const alice = h.clientFor("alice@firm.example");
    const bad = { ...meeting(), start: "next tuesday", activityTypeId: "at-nope" };
    const error = await alice.upsertMeeting(newSyncKey(), bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid", status: 400, retryable: false });
    expect((error as Error).message).toContain("body.start");

    const later = meeting();
    const backwards = { ...later, end: new Date(Date.parse(later.start) - HOUR).toISOString() };
    await expect(alice.upsertMeeting(newSyncKey(), backwards)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("body.end is before start"),
    });
    await expect(alice.upsertMeeting(newSyncKey(), meeting({ activityTypeId: "at-nope" }))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("body.activityTypeId"),
    });
  });
});

describe("revisions and repeats", () => {
  it("applies a newer revision and ignores a stale one, answering the current state unchanged", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting({ subject: "v1" }));
    const v3 = await alice.upsertMeeting(key, meeting({ revision: 3, subject: "v3" }));
    expect(v3).toMatchObject({ created: false, record: { revision: 3, subject: "v3" } });
    // Revision 2 arrives late (delivered out of order): nothing changes.
    const late = await alice.upsertMeeting(key, meeting({ revision: 2, subject: "v2" }));
    expect(late.created).toBe(false);
    expect(late.record).toEqual(v3.record);
    expect(late.etag).toBe(v3.etag);
    // The same revision again is also a no-op.
    const again = await alice.upsertMeeting(key, meeting({ revision: 3, subject: "something else" }));
    expect(again.record.subject).toBe("v3");
  });

  it("replays the first answer for a repeated Idempotency-Key and refuses the key for a different request", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const payload = meeting();
    const first = await alice.upsertMeeting(key, payload, { idempotencyKey: `${key}:r1` });
    const repeat = await alice.upsertMeeting(key, payload, { idempotencyKey: `${key}:r1` });
    expect(first.replayed).toBe(false);
    expect(repeat).toMatchObject({ created: true, replayed: true, record: first.record, etag: first.etag });
    await expect(
      alice.upsertMeeting(key, { ...payload, revision: 2 }, { idempotencyKey: `${key}:r1` }),
    ).rejects.toMatchObject({ code: "conflict", status: 409, retryable: false });
    // Only one meeting exists for the key.
    const page = await alice.companyMeetings({ companyId: "c-acme", includeCancelled: true, limit: 200 });
    expect(page.items.filter((m) => m.syncKey === key)).toHaveLength(1);
  });

  it("answers 412 when If-Match does not match the meeting's current ETag", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const { etag } = await alice.upsertMeeting(key, meeting());
    const r2 = await alice.upsertMeeting(key, meeting({ revision: 2 }), { ifMatch: etag });
    expect(r2.record.revision).toBe(2);
    await expect(alice.upsertMeeting(key, meeting({ revision: 3 }), { ifMatch: etag })).rejects.toMatchObject({
      code: "conflict",
      status: 412,
      retryable: false,
    });
    await expect(alice.upsertMeeting(newSyncKey(), meeting(), { ifMatch: '"r1.v1"' })).rejects.toMatchObject({
      status: 412,
    });
  });

  it("If-None-Match: * creates only: 412 once the link exists, a removed link counts as absent, a replay answers as before", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const payload = meeting();
    const created = await alice.upsertMeeting(key, payload, { idempotencyKey: `${key}:svc:r1`, createOnly: true });
    expect(created).toMatchObject({ created: true, replayed: false });
    // The same create retried (its answer was lost) is replayed, not refused: the link it made is its own.
    const replay = await alice.upsertMeeting(key, payload, { idempotencyKey: `${key}:svc:r1`, createOnly: true });
    expect(replay).toMatchObject({ created: true, replayed: true, etag: created.etag });
    // Another writer's create, planned when there was no record, would otherwise be answered 200 unchanged.
    await expect(
      alice.upsertMeeting(key, meeting({ revision: 1, subject: "Other" }), { createOnly: true }),
    ).rejects.toMatchObject({ status: 412, retryable: false });
    await expect(
      alice.upsertMeeting(key, meeting({ revision: 2, subject: "Other" }), { createOnly: true }),
    ).rejects.toMatchObject({ status: 412 });
    expect((await alice.getMeeting(key))?.record).toMatchObject({ revision: 1, subject: created.record.subject });
    // Removed for "never", then added again with a newer revision: there is no link, so the create goes.
    await alice.removeMeetingLink(key, { reason: "never", revision: 2 });
    const again = await alice.upsertMeeting(key, meeting({ revision: 3 }), { createOnly: true });
    expect(again.record.revision).toBe(3);
  });
});

describe("the meeting's life on InterAction's clock", () => {
  it("goes appointment -> activity -> back to appointment when rescheduled -> frozen after the sync window", async () => {
    const alice = h.clientFor("alice@firm.example");
    const t0 = new Date("2031-03-10T09:00:00Z");
    await h.setClock(t0);
    const key = newSyncKey();
    const start = new Date(t0.getTime() + DAY);
    const base = {
      start: start.toISOString(),
      end: new Date(start.getTime() + HOUR).toISOString(),
    };
    expect((await alice.upsertMeeting(key, meeting(base))).record.kind).toBe("appointment");

    // Two days later the meeting has taken place: it is an activity, and still follows Outlook.
    await h.setClock(new Date(t0.getTime() + 2 * DAY));
    const after = await alice.getMeeting(key);
    expect(after?.record).toMatchObject({ kind: "activity", frozen: false });
    const notes = await alice.upsertMeeting(key, meeting({ ...base, revision: 2, notes: "Minutes: agreed." }));
    expect(notes.record).toMatchObject({ kind: "activity", revision: 2 });

    // The organizer reschedules it into the future: an appointment again.
    const future = new Date(t0.getTime() + 5 * DAY);
    const moved = await alice.upsertMeeting(
      key,
      meeting({ revision: 3, start: future.toISOString(), end: new Date(future.getTime() + HOUR).toISOString() }),
    );
    expect(moved.record.kind).toBe("appointment");
    expect(Date.parse(moved.record.syncUntil)).toBe(future.getTime() + HOUR + 14 * DAY);

    // More than 14 days after it ended it is frozen: changes answer 409, reads still work.
    await h.setClock(new Date(future.getTime() + HOUR + 14 * DAY + 60000));
    expect((await alice.getMeeting(key))?.record).toMatchObject({ kind: "activity", frozen: true, revision: 3 });
    await expect(alice.upsertMeeting(key, meeting({ ...base, revision: 4 }))).rejects.toMatchObject({
      code: "frozen",
      status: 409,
      retryable: false,
    });
    // A repeat of an already stored revision is still answered (it changes nothing).
    expect((await alice.upsertMeeting(key, meeting({ ...base, revision: 3 }))).record.revision).toBe(3);
  });

  it("after conversion only the organizer's changes count for a meeting an attendee added (403 for the attendee)", async () => {
    const t0 = new Date("2031-05-01T09:00:00Z");
    await h.setClock(t0);
    const bob = h.clientFor("bob@firm.example");
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const start = new Date(t0.getTime() + DAY);
    const times = { start: start.toISOString(), end: new Date(start.getTime() + HOUR).toISOString() };
    const source = { itemId: "bob-copy", organizerEmail: "alice@firm.example", addedBy: "attendee" as const };
    // Bob accepted Alice's invitation and added it himself.
    await bob.upsertMeeting(key, meeting({ ...times, source }));
    // Before the meeting, Bob's copy keeps following his Outlook.
    expect((await bob.upsertMeeting(key, meeting({ ...times, source, revision: 2 }))).record.revision).toBe(2);

    await h.setClock(new Date(t0.getTime() + 3 * DAY));
    await expect(bob.upsertMeeting(key, meeting({ ...times, source, revision: 3 }))).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
      retryable: false,
      message: expect.stringMatching(/organizer/),
    });
    // The organizer's change is accepted.
    const byOrganizer = await alice.upsertMeeting(
      key,
      meeting({ ...times, source, revision: 3, notes: "Organizer's minutes" }),
    );
    expect(byOrganizer.record).toMatchObject({ revision: 3, kind: "activity", addedBy: "attendee" });
  });

  it("a meeting added after its sync window is created (201) as a frozen activity; then only a repeat is answered", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const payload = meeting({ startIn: -30 * DAY });
    const old = await alice.upsertMeeting(key, payload);
    expect(old).toMatchObject({ created: true, record: { kind: "activity", frozen: true, revision: 1 } });
    expect(Date.parse(old.record.syncUntil)).toBeLessThan(Date.now());
    // A retried create whose answer was lost (same revision, no Idempotency-Key) is answered, not refused.
    expect(await alice.upsertMeeting(key, payload)).toMatchObject({ created: false, record: { id: old.record.id } });
    await expect(alice.upsertMeeting(key, meeting({ startIn: -30 * DAY, revision: 2 }))).rejects.toMatchObject({
      code: "frozen",
      status: 409,
    });
    const file = { name: "minutes.txt", contentType: "text/plain", bytes: new TextEncoder().encode("late") };
    await expect(alice.uploadDocument(key, "d1", file)).rejects.toMatchObject({ code: "frozen", status: 409 });
  });

  it("forbids changing or reading another user's meeting (403)", async () => {
    const alice = h.clientFor("alice@firm.example");
    const dana = h.clientFor("dana@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    await expect(dana.upsertMeeting(key, meeting({ revision: 2 }))).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
    });
    await expect(dana.getMeeting(key)).rejects.toMatchObject({ status: 403 });
    // Nor may anyone add a meeting claiming to be its organizer when they are not.
    await expect(dana.upsertMeeting(newSyncKey(), meeting())).rejects.toMatchObject({ status: 403 });
  });

  it("keeps a cancelled meeting with status cancelled, out of the company search unless asked for", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting({ subject: "To be cancelled" }));
    const cancelled = await alice.upsertMeeting(key, meeting({ revision: 2, cancelled: true }));
    expect(cancelled.record.status).toBe("cancelled");
    const normal = await alice.companyMeetings({ companyId: "c-acme", limit: 200 });
    expect(normal.items.some((m) => m.syncKey === key)).toBe(false);
    const all = await alice.companyMeetings({ companyId: "c-acme", limit: 200, includeCancelled: true });
    expect(all.items.find((m) => m.syncKey === key)?.status).toBe("cancelled");
  });
});
