// Contract: Exchange's meeting semantics through the Outlook protocol (/exchange, EWS ids), as Graph then shows them:
// outside organizers' invitations, updates and cancellations; save without send; responses; attendee changes;
// drag moves; drafts; clear refusals of bad input.
import { startHarness, ADDIN_ID, enc, type Harness, type ItemView } from "./support";

// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const items = async (mailbox: string) =>
  (await h.call("GET", `/exchange/mailboxes/${mailbox}/items`)).body.value as ItemView[];
const copyOf = async (mailbox: string, iCalUId: string) => (await items(mailbox)).find((i) => i.iCalUId === iCalUId);
const slot = { start: "2026-12-14T10:00:00Z", end: "2026-12-14T11:00:00Z" };

test("an outside organizer's invitation, update and cancellation reach every internal invitee's copy", async () => {
  const invite = await h.call("POST", "/exchange/outside/invitations", {
    organizer: { email: "erin@globex.example" },
    fields: {
      subject: "Globex sync",
      ...slot,
      attendees: [{ email: "bob@firm.example" }, { email: "dana@firm.example" }, { email: "ivan@globex.example" }],
    },
  });
  expect(invite.status).toBe(201);
  const uid = invite.body.iCalUId as string;
  expect(invite.body.items.map((i: ItemView) => i.mailbox).sort()).toEqual(["bob@firm.example", "dana@firm.example"]);
  const bob = (await copyOf("bob@firm.example", uid))!;
  expect(bob).toMatchObject({
    isOrganizer: false,
    responseStatus: "notResponded",
    organizer: { email: "erin@globex.example", name: "Erin Evans" },
  });
  // Bob accepts and his add-in saves its state on his copy.
  await h.call("POST", `/exchange/mailboxes/bob@firm.example/items/${enc(bob.itemId)}/respond`, { response: "accept" });
  await h.call("PUT", `/exchange/mailboxes/bob@firm.example/items/${enc(bob.itemId)}/custom-properties/${ADDIN_ID}`, {
    value: '{"k":1}',
  });

  const update = await h.call("PATCH", `/exchange/outside/invitations/${uid}`, {
    fields: { start: "2026-12-15T10:00:00Z", end: "2026-12-15T11:00:00Z", location: "Globex HQ" },
  });
  expect(update.status).toBe(200);
  for (const mailbox of ["bob@firm.example", "dana@firm.example"]) {
    expect(await copyOf(mailbox, uid)).toMatchObject({ start: "2026-12-15T10:00:00.000Z", location: "Globex HQ" });
  }
  const bobAfter = (await copyOf("bob@firm.example", uid))!;
  expect(bobAfter.responseStatus).toBe("accepted");
  expect(bobAfter.customProperties).toEqual({ [ADDIN_ID]: '{"k":1}' });
  expect((await copyOf("dana@firm.example", uid))!.customProperties).toEqual({});

  await h.call("POST", `/exchange/outside/invitations/${uid}/cancel`, {});
  for (const mailbox of ["bob@firm.example", "dana@firm.example"]) {
    expect(await copyOf(mailbox, uid)).toMatchObject({ isCancelled: true, subject: "Canceled: Globex sync" });
  }
});

test("a save without sending changes only the organizer's copy; sending then updates the attendees", async () => {
  const sent = (
    await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", {
      fields: { subject: "Plan", ...slot, attendees: [{ email: "bob@firm.example" }] },
      send: true,
    })
  ).body as ItemView;
  const before = (await copyOf("bob@firm.example", sent.iCalUId))!;
  const saved = await h.call("PATCH", `/exchange/mailboxes/alice@firm.example/items/${enc(sent.itemId)}`, {
    fields: { subject: "Plan v2" },
  });
  expect(saved.body.subject).toBe("Plan v2");
  expect(saved.body.changeKey).not.toBe(sent.changeKey);
  expect(await copyOf("bob@firm.example", sent.iCalUId)).toMatchObject({
    subject: "Plan",
    changeKey: before.changeKey,
  });
  await h.call("POST", `/exchange/mailboxes/alice@firm.example/items/${enc(sent.itemId)}/send`, {});
  expect((await copyOf("bob@firm.example", sent.iCalUId))!.subject).toBe("Plan v2");
});

test("responses reach the organizer's copy; a decline removes the attendee's copy", async () => {
  const sent = (
    await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", {
      fields: {
        subject: "Answers",
        ...slot,
        attendees: [{ email: "bob@firm.example" }, { email: "dana@firm.example" }],
      },
      send: true,
    })
  ).body as ItemView;
  const bob = (await copyOf("bob@firm.example", sent.iCalUId))!;
  const dana = (await copyOf("dana@firm.example", sent.iCalUId))!;
  const tentative = await h.call("POST", `/exchange/mailboxes/bob@firm.example/items/${enc(bob.itemId)}/respond`, {
    response: "tentative",
  });
  expect(tentative.body.responseStatus).toBe("tentativelyAccepted");
  const declined = await h.call("POST", `/exchange/mailboxes/dana@firm.example/items/${enc(dana.itemId)}/respond`, {
    response: "decline",
  });
  expect(declined.body).toEqual({ removed: true });
  expect(await copyOf("dana@firm.example", sent.iCalUId)).toBeUndefined();
  const organizer = (await copyOf("alice@firm.example", sent.iCalUId))!;
  expect(organizer.attendees.map((a) => [a.email, a.response])).toEqual([
    ["bob@firm.example", "tentativelyAccepted"],
    ["dana@firm.example", "declined"],
  ]);
  const bad = await h.call("POST", `/exchange/mailboxes/bob@firm.example/items/${enc(bob.itemId)}/respond`, {
    response: "maybe",
  });
  expect(bad.status).toBe(400);
});

test("an attendee removed in an update gets a cancellation, an added one a copy; a drag moves every copy", async () => {
  const sent = (
    await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", {
      fields: { subject: "Roster", ...slot, attendees: [{ email: "bob@firm.example" }] },
      send: true,
    })
  ).body as ItemView;
  await h.call("PATCH", `/exchange/mailboxes/alice@firm.example/items/${enc(sent.itemId)}`, {
    fields: { attendees: [{ email: "dana@firm.example" }] },
    send: true,
  });
  expect(await copyOf("bob@firm.example", sent.iCalUId)).toMatchObject({
    isCancelled: true,
    subject: "Canceled: Roster",
  });
  expect(await copyOf("dana@firm.example", sent.iCalUId)).toMatchObject({ isCancelled: false, subject: "Roster" });
  const moved = await h.call("POST", `/exchange/mailboxes/alice@firm.example/items/${enc(sent.itemId)}/move`, {
    start: "2026-12-16T08:00:00Z",
    end: "2026-12-16T09:00:00Z",
  });
  expect(moved.status).toBe(200);
  expect((await copyOf("dana@firm.example", sent.iCalUId))!.start).toBe("2026-12-16T08:00:00.000Z");
});

test("a draft reaches no one; cancelling it just deletes it; rooms accept by themselves", async () => {
  const draft = (
    await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", {
      fields: {
        subject: "Draft",
        ...slot,
        attendees: [{ email: "bob@firm.example" }, { email: "boardroom@firm.example", type: "resource" }],
      },
    })
  ).body as ItemView;
  expect(draft.isDraft).toBe(true);
  expect(await copyOf("bob@firm.example", draft.iCalUId)).toBeUndefined();
  await h.call("POST", `/exchange/mailboxes/alice@firm.example/items/${enc(draft.itemId)}/send`, {});
  expect(await copyOf("boardroom@firm.example", draft.iCalUId)).toMatchObject({ responseStatus: "accepted" });
  const draft2 = (
    await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", { fields: { subject: "Draft 2", ...slot } })
  ).body as ItemView;
  expect(
    (await h.call("POST", `/exchange/mailboxes/alice@firm.example/items/${enc(draft2.itemId)}/cancel`, {})).status,
  ).toBe(200);
  expect(await copyOf("alice@firm.example", draft2.iCalUId)).toBeUndefined();
});

test("EWS ids differ from REST ids and convert as Office.js converts them; bad input is refused clearly", async () => {
  const item = (
    await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", { fields: { subject: "Ids", ...slot } })
  ).body as ItemView;
  expect(item.itemId).not.toBe(item.restId);
  expect(item.itemId).toMatch(/[+/]/);
  expect((await h.call("GET", `/exchange/ids/rest?ewsId=${enc(item.itemId)}`)).body.restId).toBe(item.restId);
  expect((await h.call("GET", `/exchange/ids/ews?restId=${enc(item.restId)}`)).body.ewsId).toBe(item.itemId);
  const restInPath = await h.call("GET", `/exchange/mailboxes/alice@firm.example/items/${enc(item.restId)}`);
  expect(restInPath.status).toBe(400);
  expect(restInPath.body.error.message).toMatch(/REST/);
  const noStart = await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", { fields: { subject: "x" } });
  expect(noStart).toMatchObject({ status: 400, body: { error: { code: "invalid" } } });
  expect(noStart.body.error.message).toMatch(/start/);
  const badDate = await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", {
    fields: { start: "tomorrow", end: slot.end },
  });
  expect(badDate.body.error.message).toMatch(/fields.start must be an ISO 8601/);
  expect((await h.call("GET", "/exchange/mailboxes/nobody@firm.example/items")).status).toBe(404);
  const other = await h.call("GET", `/exchange/mailboxes/bob@firm.example/items/${enc(item.itemId)}`);
  expect(other.status).toBe(404);
});
