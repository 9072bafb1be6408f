// Contract tests: settings, contact and activity types, contacts (search, add) and the company meeting search.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createInterActionApi } from "../../src/interaction";
import { DAY, HOUR, meeting, newSyncKey, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("firm settings and reference data", () => {
  it("answers the demo firm's calendar sync settings", async () => {
    expect(await h.clientFor("bob@firm.example").getSettings()).toEqual({
      enabled: true,
      postMeetingSyncDays: 14,
      autoAddContactTypeIds: ["ct-top-client"],
      includeAssociatedCompanies: true,
      defaultActivityTypeId: "at-meeting",
      defaultVisibility: "everyone",
      firmDomains: ["firm.example"],
    });
  });

  it("lets only an administrator change the settings (403 for others, 400 for unknown ids)", async () => {
    const alice = h.clientFor("alice@firm.example");
    const bob = h.clientFor("bob@firm.example");
    const settings = await alice.getSettings();
    await expect(bob.putSettings({ ...settings, postMeetingSyncDays: 30 })).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
      retryable: false,
    });
    await expect(alice.putSettings({ ...settings, defaultActivityTypeId: "at-nope" })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("body.defaultActivityTypeId"),
    });
    await expect(alice.putSettings({ ...settings, postMeetingSyncDays: -1 } as typeof settings)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("body.postMeetingSyncDays"),
    });
    const changed = await alice.putSettings({ ...settings, postMeetingSyncDays: 30, firmDomains: ["Firm.Example"] });
    expect(changed).toMatchObject({ postMeetingSyncDays: 30, firmDomains: ["firm.example"] });
    expect((await bob.getSettings()).postMeetingSyncDays).toBe(30);
    await alice.putSettings(settings);
  });

  it("lists contact types, activity types (with the default) and the user's groups", async () => {
    const bob = h.clientFor("bob@firm.example");
    expect((await bob.contactTypes()).map((t) => t.name)).toEqual(
      expect.arrayContaining(["Top Client", "Prospect", "Client"]),
    );
    const activityTypes = await bob.activityTypes();
    expect(activityTypes.find((t) => t.isDefault)).toEqual({ id: "at-meeting", name: "Meeting", isDefault: true });
    expect(await bob.groups()).toEqual([{ id: "g-corporate", name: "Corporate Practice" }]);
  });
});

describe("contacts", () => {
  it("finds people by e-mail (several at once, any case) with their company and its contact types", async () => {
    const page = await h
      .clientFor("bob@firm.example")
      .searchContacts({ email: ["CAROL@acme.example", "erin@globex.example", "nobody@x.example"], kind: "person" });
    expect(page.total).toBe(2);
    expect(page.items.map((c) => c.email)).toEqual(["carol@acme.example", "erin@globex.example"]);
    expect(page.items[0]?.company).toEqual({
      id: "c-acme",
      name: "Acme Corporation",
      contactTypeIds: ["ct-top-client"],
    });
  });

  it("searches companies by name or domain, with paging", async () => {
    const bob = h.clientFor("bob@firm.example");
    const acme = await bob.searchCompanies("acme");
    expect(acme.items).toEqual([
      {
        id: "c-acme",
        kind: "company",
        name: "Acme Corporation",
        domain: "acme.example",
        contactTypeIds: ["ct-top-client"],
      },
    ]);
    expect((await bob.searchCompanies("globex.example")).items.map((c) => c.id)).toEqual(["c-globex"]);
    const first = await bob.searchContacts({ kind: "company", limit: 2 });
    const second = await bob.searchContacts({ kind: "company", limit: 2, skip: 2 });
    expect(first.total).toBeGreaterThanOrEqual(4);
    expect(first.items).toHaveLength(2);
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    await expect(bob.searchContacts({ limit: 500 })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("query.limit"),
    });
  });

  it("adds an attendee as a contact, links them to the company of their domain, and resolves them in meetings", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    const guest = {
      email: "newbie@acme.example",
      name: "Nina Newbie",
      type: "required" as const,
      response: "accepted" as const,
    };
    const added = await alice.upsertMeeting(key, meeting({ attendees: [...meeting().attendees, guest] }));
    expect(added.record.unresolvedAttendees.map((a) => a.email)).toContain("newbie@acme.example");

    const contact = await alice.addContact({
      name: "Nina Newbie",
      email: "Newbie@Acme.Example",
      jobTitle: "Paralegal",
    });
    expect(contact).toMatchObject({
      kind: "person",
      email: "newbie@acme.example",
      company: { id: "c-acme", name: "Acme Corporation" },
    });
    const after = await alice.getMeeting(key);
    expect(after?.record.unresolvedAttendees.map((a) => a.email)).not.toContain("newbie@acme.example");
    expect(after?.record.contacts.map((c) => c.email)).toContain("newbie@acme.example");

    await expect(alice.addContact({ name: "Again", email: "newbie@acme.example" })).rejects.toMatchObject({
      code: "conflict",
      status: 409,
    });
    await expect(alice.addContact({ name: "X", email: "x@y.example", companyId: "c-nope" })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("body.companyId"),
    });
  });

  it("the InterActionApi port looks attendees up as an AttendeeDirectory keyed by e-mail", async () => {
    const api = createInterActionApi(h.clientFor("alice@firm.example"));
    const directory = await api.lookupAttendees([
      "Carol@Acme.example",
      "heidi@referrals.example",
      "zoe@nowhere.example",
    ]);
    expect(directory.contactTypes.map((t) => t.id)).toContain("ct-top-client");
    expect(directory.contacts).toEqual({
      "carol@acme.example": {
        contactId: "p-carol",
        name: "Carol Chen",
        contactTypeIds: [],
        company: { id: "c-acme", name: "Acme Corporation", contactTypeIds: ["ct-top-client"] },
      },
      "heidi@referrals.example": { contactId: "p-heidi", name: "Heidi Hart", contactTypeIds: ["ct-referral"] },
    });
    expect(await api.getActivityTypes()).toContainEqual({ id: "at-meeting", name: "Meeting" });
    expect((await api.getSettings()).firmDomains).toEqual(["firm.example"]);
  });
});

describe("searching a company's meetings", () => {
  it("lists the meetings with the company's contacts, the colleagues attending each, and the distinct colleague count", async () => {
    const alice = h.clientFor("alice@firm.example");
    const dana = h.clientFor("dana@firm.example");
    const base = new Date("2032-02-01T09:00:00Z");
    const at = (days: number) => {
      const start = new Date(base.getTime() + days * DAY);
      return { start: start.toISOString(), end: new Date(start.getTime() + HOUR).toISOString() };
    };
    const globex = [
      { email: "erin@globex.example", name: "Erin", type: "required" as const, response: "accepted" as const },
    ];
    // Alice with Bob and Erin; Dana with Erin; Alice alone with Erin (Bob declined); a private-to-Dana meeting.
    await alice.upsertMeeting(
      newSyncKey(),
      meeting({
        ...at(1),
        subject: "Globex pitch",
        attendees: [...globex, { email: "bob@firm.example", name: "Bob", type: "required", response: "accepted" }],
      }),
    );
    await dana.upsertMeeting(
      newSyncKey(),
      meeting({
        ...at(2),
        subject: "Globex follow-up",
        attendees: globex,
        source: { organizerEmail: "dana@firm.example", addedBy: "organizer" },
      }),
    );
    await alice.upsertMeeting(
      newSyncKey(),
      meeting({
        ...at(3),
        subject: "Globex terms",
        attendees: [...globex, { email: "bob@firm.example", name: "Bob", type: "required", response: "declined" }],
      }),
    );
    await dana.upsertMeeting(
      newSyncKey(),
      meeting({
        ...at(4),
        subject: "Dana's private prep",
        visibility: "onlyMe",
        attendees: globex,
        source: { organizerEmail: "dana@firm.example", addedBy: "organizer" },
      }),
    );

    const page = await alice.companyMeetings({
      companyId: "c-globex",
      from: base.toISOString(),
      to: new Date(base.getTime() + 30 * DAY).toISOString(),
    });
    expect(page.company).toEqual({ id: "c-globex", name: "Globex" });
    expect(page.items.map((m) => m.subject)).toEqual(["Globex pitch", "Globex follow-up", "Globex terms"]);
    expect(page.total).toBe(3);
    expect(page.colleagueCount).toBe(3); // Alice, Bob, Dana
    expect(page.items[0]?.colleagues.map((c) => c.name)).toEqual(["Alice Archer", "Bob Baker"]);
    expect(page.items[2]?.colleagues.map((c) => c.name)).toEqual(["Alice Archer"]);
    expect(page.items[0]?.contacts).toEqual([
      { id: "p-erin", name: "Erin Evans", email: "erin@globex.example", companyId: "c-globex" },
    ]);

    // Dana sees her own private meeting; paging keeps the totals.
    const danaPage = await dana.companyMeetings({ companyId: "c-globex", from: base.toISOString(), limit: 2, skip: 2 });
    expect(danaPage.total).toBe(4);
    expect(danaPage.items.map((m) => m.subject)).toEqual(["Globex terms", "Dana's private prep"]);

    await expect(alice.companyMeetings({ companyId: "c-nope" })).rejects.toMatchObject({
      status: 404,
      code: "notFound",
    });
    await expect(alice.companyMeetings({ companyId: "c-globex", from: "yesterday" })).rejects.toMatchObject({
      status: 400,
    });
  });
});
