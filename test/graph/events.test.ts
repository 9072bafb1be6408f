// Contract: reading events through the real Graph SDK with an msal-node client-credentials token from the local
// identity provider; the add-in's custom properties as a single-value extended property; the Outlook protocol's
// meeting semantics as Graph shows them.
import type * as Graph from "@microsoft/microsoft-graph-types";
import { startHarness, ADDIN_ID, enc, type Harness, type ItemView } from "./support";
import { customPropertiesId } from "../../dev/graph/exchange";

// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function sendMeeting(organizer: string, fields: Record<string, unknown>) {
  const r = await h.call("POST", `/exchange/mailboxes/${organizer}/items`, { fields, send: true });
  expect(r.status).toBe(201);
  return r.body;
}

const meeting = {
  subject: "Acme kickoff",
  start: "2026-12-07T14:00:00Z",
  end: "2026-12-07T15:00:00Z",
  location: "Boardroom",
  body: "Agenda:\nintroductions & <scope>",
  attendees: [
    { email: "bob@firm.example" },
    { email: "carol@acme.example" },
    { email: "boardroom@firm.example", type: "resource" },
  ],
};

test("an event reads back with Graph's shape, in UTC, with the body as HTML", async () => {
  const item = await sendMeeting("alice@firm.example", meeting);
  const event = await h.client().api(`/users/alice@firm.example/events/${item.restId}`).get();
  expect(event.id).toBe(item.restId);
  expect(event.id).not.toBe(item.itemId);
  expect(event.subject).toBe("Acme kickoff");
  expect(event.start).toEqual({ dateTime: "2026-12-07T14:00:00.0000000", timeZone: "UTC" });
  expect(event.body.contentType).toBe("html");
  expect(event.body.content).toContain("introductions &amp; &lt;scope&gt;");
  expect(event.isOrganizer).toBe(true);
  expect(event.responseStatus.response).toBe("organizer");
  expect(event.type).toBe("singleInstance");
  expect(event.attendees.map((a: Graph.Attendee) => [a.emailAddress?.address, a.type, a.status?.response])).toEqual([
    ["bob@firm.example", "required", "none"],
    ["carol@acme.example", "required", "none"],
    ["boardroom@firm.example", "resource", "accepted"],
  ]);
});

test("$select returns only the asked fields; Prefer: outlook.timezone converts start and end", async () => {
  const item = await sendMeeting("alice@firm.example", meeting);
  const event = await h
    .client()
    .api(`/users/alice@firm.example/events/${item.restId}`)
    .select(["subject", "start", "end", "iCalUId"])
    .header("Prefer", 'outlook.timezone="Pacific Standard Time"')
    .get();
  expect(Object.keys(event).sort()).toEqual([
    "@odata.context",
    "@odata.etag",
    "end",
    "iCalUId",
    "id",
    "start",
    "subject",
  ]);
  expect(event.start).toEqual({ dateTime: "2026-12-07T06:00:00.0000000", timeZone: "Pacific Standard Time" });
});

test("a sent meeting lands in each internal attendee's calendar with the same iCalUId; users by id or e-mail", async () => {
  const item = await sendMeeting("alice@firm.example", meeting);
  const bobs = (await h.call("GET", `/exchange/mailboxes/bob@firm.example/items`)).body.value.filter(
    (i: ItemView) => i.iCalUId === item.iCalUId,
  );
  expect(bobs).toHaveLength(1);
  const bob = await h.client().api(`/users/b0b00000-0000-4000-8000-000000000b0b/events/${bobs[0].restId}`).get();
  expect(bob.iCalUId).toBe(item.iCalUId);
  expect(bob.id).not.toBe(item.restId);
  expect(bob.isOrganizer).toBe(false);
  expect(bob.responseStatus.response).toBe("notResponded");
  // Bob's copy is not in Alice's mailbox.
  await expect(h.client().api(`/users/alice@firm.example/events/${bobs[0].restId}`).get()).rejects.toMatchObject({
    statusCode: 404,
  });
});

test("the add-in's saved state is a cecp- extended property on the saving mailbox's copy only", async () => {
  const item = await sendMeeting("alice@firm.example", meeting);
  const state = JSON.stringify({ syncKey: "k-1", revision: 3, mode: "automatic" });
  const put = await h.call(
    "PUT",
    `/exchange/mailboxes/alice@firm.example/items/${enc(item.itemId)}/custom-properties/${ADDIN_ID}`,
    { value: state },
  );
  expect(put.status).toBe(200);
  expect(put.body.changeKey).not.toBe(item.changeKey);
  const propId = customPropertiesId(ADDIN_ID);
  const expand = `singleValueExtendedProperties($filter=id eq '${propId}')`;
  const event = await h.client().api(`/users/alice@firm.example/events/${item.restId}`).expand(expand).get();
  expect(event.singleValueExtendedProperties).toEqual([
    { id: `String {00020329-0000-0000-c000-000000000046} Name cecp-${ADDIN_ID}`, value: state },
  ]);
  // An update from the organizer reaches Bob's copy; Alice's add-in state does not.
  await h.call("PATCH", `/exchange/mailboxes/alice@firm.example/items/${enc(item.itemId)}`, {
    fields: { subject: "Acme kickoff (moved)" },
    send: true,
  });
  const bobs = (await h.call("GET", `/exchange/mailboxes/bob@firm.example/items`)).body.value.filter(
    (i: ItemView) => i.iCalUId === item.iCalUId,
  );
  const bob = await h.client().api(`/users/bob@firm.example/events/${bobs[0].restId}`).expand(expand).get();
  expect(bob.subject).toBe("Acme kickoff (moved)");
  expect(bob.singleValueExtendedProperties).toBeUndefined();
});

test("custom properties over 2,500 characters are refused, as Outlook refuses them", async () => {
  const item = await sendMeeting("alice@firm.example", meeting);
  const r = await h.call(
    "PUT",
    `/exchange/mailboxes/alice@firm.example/items/${enc(item.itemId)}/custom-properties/${ADDIN_ID}`,
    { value: JSON.stringify({ x: "y".repeat(2500) }) },
  );
  expect(r.status).toBe(400);
  expect(r.body.error.message).toMatch(/2500|2,500/);
});

test("attachments: hasAttachments and /attachments with content", async () => {
  const item = await sendMeeting("alice@firm.example", meeting);
  const add = await h.call("POST", `/exchange/mailboxes/alice@firm.example/items/${enc(item.itemId)}/attachments`, {
    name: "agenda.txt",
    contentType: "text/plain",
    contentBytes: Buffer.from("hello").toString("base64"),
  });
  expect(add.status).toBe(201);
  const event = await h.client().api(`/users/alice@firm.example/events/${item.restId}`).select("hasAttachments").get();
  expect(event.hasAttachments).toBe(true);
  const list = await h.client().api(`/users/alice@firm.example/events/${item.restId}/attachments`).get();
  expect(list.value).toHaveLength(1);
  expect(list.value[0]).toMatchObject({
    name: "agenda.txt",
    size: 5,
    contentBytes: Buffer.from("hello").toString("base64"),
  });
  // The Outlook protocol's content route (what the workbench hands the add-in): the same bytes as base64 text.
  const content = await fetch(
    `${h.graph.url}/exchange/mailboxes/alice@firm.example/items/${enc(item.itemId)}/attachments/${add.body.id}/content`,
    { dispatcher: h.dispatcher } as Parameters<typeof fetch>[1],
  );
  expect(content.status).toBe(200);
  expect(await content.text()).toBe(Buffer.from("hello").toString("base64"));
  const missing = await h.call(
    "GET",
    `/exchange/mailboxes/alice@firm.example/items/${enc(item.itemId)}/attachments/nope/content`,
  );
  expect(missing.status).toBe(404);
});
