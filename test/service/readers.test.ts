// The same meeting read through Microsoft Graph (the sync service) and through Office.js (the add-in) gives the same
// fingerprint, so whichever side sees a committed change first writes it and the other side writes nothing.
// Meetings are made by the local Exchange (dev/graph), which keeps the body as HTML like Exchange Online; the Graph
// side reads the event exactly as the local Graph serves it (graphEvent), the Office.js side reads the item through
// the add-in's real reader (src/office/mailboxItem.ts) over a fake Office.js item holding what Outlook shows for that
// copy (the body as text, as Office.js gives it).
import fc from "fast-check";
import { openDatabase } from "../../dev/graph/db";
import { Exchange } from "../../dev/graph/exchange";
import { graphEvent } from "../../dev/graph/graphEvent";
import { itemView } from "../../dev/graph/itemView";
import { nameFor, seedMailboxes } from "../../dev/graph/seed";
import { Store, type EventRecord } from "../../dev/graph/store";
import type { MeetingSnapshot } from "../../src/core/meeting";
import { normalizeSnapshot } from "../../src/core/normalize";
import { payloadFingerprint } from "../../src/core/fingerprint";
import { buildPayload } from "../../src/core/payload";
import type { CalendarSyncSettings } from "../../src/core/settings";
import { snapshotFromGraphEvent } from "../../src/graph/eventSnapshot";
import { htmlToText } from "../../src/graph/htmlText";
import { CANCELLED_PREFIX, createOfficeMailboxItem } from "../../src/office/mailboxItem";
import { createFakeOutlook, type FakePerson } from "../support/fakeOutlook";

const SETTINGS: CalendarSyncSettings = {
  enabled: true,
  postMeetingSyncDays: 30,
  autoAddContactTypeIds: [],
  includeAssociatedCompanies: false,
  defaultActivityTypeId: "meeting",
  defaultVisibility: "everyone",
  firmDomains: ["firm.example"],
};

const world = () => {
  const store = new Store(openDatabase(":memory:"), () => new Date("2030-01-01T00:00:00Z"));
  seedMailboxes(store);
  return { store, exchange: new Exchange(store, (email) => nameFor(store, email)) };
};

type Response = "none" | "organizer" | "tentative" | "accepted" | "declined";
const officeResponse = (r: string): Response =>
  r === "tentativelyAccepted" ? "tentative" : r === "notResponded" ? "none" : (r as Response);

/** What Office.js shows the add-in for one mailbox copy (compose form for the organizer, read view otherwise). */
async function readThroughOffice(store: Store, e: EventRecord): Promise<MeetingSnapshot> {
  const item = itemView(store, e);
  const mailbox = store.mailbox(e.mailboxId)!;
  const person = (a: { email: string; name: string; response: string }): FakePerson => ({
    emailAddress: a.email,
    displayName: a.name,
    appointmentResponse: officeResponse(a.response),
  });
  const outlook = createFakeOutlook({
    user: { emailAddress: mailbox.email, displayName: mailbox.name },
    meeting: {
      mode: item.isOrganizer ? "compose" : "read",
      itemId: item.itemId,
      subject: item.subject,
      start: new Date(item.start),
      end: new Date(item.end),
      location: item.location,
      organizer: { emailAddress: item.organizer.email, displayName: item.organizer.name },
      requiredAttendees: item.attendees.filter((a) => a.type === "required").map(person),
      optionalAttendees: item.attendees.filter((a) => a.type === "optional").map(person),
      body: item.bodyText,
      attachments: [],
      recurrence: null,
      sensitivity: item.sensitivity ?? "normal",
    },
  });
  return createOfficeMailboxItem(outlook.mailbox).read();
}

function readThroughGraph(store: Store, e: EventRecord): MeetingSnapshot {
  const mailbox = store.mailbox(e.mailboxId)!;
  // Through JSON, as it comes over the wire.
  const event = JSON.parse(JSON.stringify(graphEvent(store, e)));
  return snapshotFromGraphEvent(event, { email: mailbox.email, name: mailbox.name });
}

const fingerprintOf = (s: MeetingSnapshot, addedBy: "organizer" | "attendee") =>
  payloadFingerprint(buildPayload(normalizeSnapshot(s), { addedBy }, SETTINGS, 1, s.isCancelled));

// Text a user types into the notes: markup characters, entities that must stay literal, accents, emoji, tabs,
// blank lines, trailing spaces, Windows line endings.
const lineChars = fc.constantFrom(
  ..."ab Z09&<>\"';:#/\\\t\u00e9\u00c4\u20ac\u00a0\u{1F600}".split(""),
  "&amp;",
  "<br>",
  "&nbsp;",
);
const line = fc.array(lineChars, { maxLength: 12 }).map((cs) => cs.join(""));
const notes = fc
  .tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom("\n", "\r\n"))
  .map(([lines, eol]) => lines.join(eol));
const words = fc.array(fc.constantFrom(..."Acme review Q3 & <b> \u00e9t\u00e9 \"x\" 'y' ".split(" ")), {
  maxLength: 5,
});
const subject = words.map((w) => w.join(" ")).filter((s) => !CANCELLED_PREFIX.test(s));
const ATTENDEES = [
  { email: "bob@firm.example", name: "Bob Baker" },
  { email: "dana@firm.example", name: "Dana Diaz" },
  { email: "carol@acme.example", name: "Carol Chen" },
  { email: "erin@globex.example", name: "Erin Evans" },
];
const attendees = fc
  .subarray(ATTENDEES, { minLength: 1 })
  .chain((people) =>
    fc.tuple(...people.map((p) => fc.constantFrom("required", "optional").map((type) => ({ ...p, type })))),
  );
const meeting = fc.record({
  subject,
  notes,
  location: words.map((w) => w.join(" ")),
  startMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
  minutes: fc.integer({ min: 15, max: 600 }),
  sensitivity: fc.constantFrom("normal", "personal", "confidential", "private"),
  attendees,
  outside: fc.boolean(),
  withRoom: fc.boolean(),
  response: fc.constantFrom("accept", "tentative", "none"),
});

describe("the Graph reader and the Office.js reader", () => {
  it("give the same fingerprint for every copy of the same meeting (organizer and attendees, inside and outside)", async () => {
    await fc.assert(
      fc.asyncProperty(meeting, async (m) => {
        const { store, exchange } = world();
        const start = new Date(Date.parse("2030-03-01T08:00:00Z") + m.startMinutes * 60_000);
        const fields = {
          subject: m.subject,
          body: m.notes,
          location: m.location,
          start: start.toISOString(),
          end: new Date(start.getTime() + m.minutes * 60_000).toISOString(),
          sensitivity: m.sensitivity,
          attendees: [
            ...m.attendees,
            // An outside invitation reaches the firm only through a firm attendee.
            ...(m.attendees.some((a) => a.email.endsWith("@firm.example"))
              ? []
              : [{ ...ATTENDEES[1]!, type: "optional" }]),
            ...(m.withRoom ? [{ email: "boardroom@firm.example", name: "Boardroom", type: "resource" }] : []),
          ],
        };
        const copies = m.outside
          ? exchange.outsideInvite({ email: "olga@outside.example", name: "Olga Out" }, fields)
          : store.eventsByICalUId(exchange.create("alice@firm.example", fields, true).iCalUId);
        for (const copy of copies) {
          const mailbox = store.mailbox(copy.mailboxId)!;
          if (!copy.isOrganizer && m.response !== "none" && mailbox.kind === "user")
            exchange.respond(mailbox.email, copy.id, m.response);
        }
        for (const copy of store.eventsByICalUId(copies[0]!.iCalUId)) {
          if (store.mailbox(copy.mailboxId)!.kind !== "user") continue; // rooms run no add-in and are never synced
          const viaOffice = await readThroughOffice(store, copy);
          const viaGraph = readThroughGraph(store, copy);
          const addedBy = copy.isOrganizer ? "organizer" : "attendee";
          expect(fingerprintOf(viaGraph, addedBy)).toBe(fingerprintOf(viaOffice, addedBy));
          // What the rules look at besides the stored fields agrees too.
          expect(normalizeSnapshot(viaGraph)).toMatchObject({
            role: viaOffice.role,
            userResponse: viaOffice.userResponse,
            isRecurring: viaOffice.isRecurring,
            isCancelled: viaOffice.isCancelled,
            itemId: viaOffice.itemId,
          });
        }
      }),
      { numRuns: 60 },
    );
  });

  it("reads an Outlook-style HTML body as the text Office.js shows", () => {
    const html =
      '<html><head><style>p{margin:0}</style></head><body>\r\n<div class="x">Agenda:&nbsp;pricing</div>\r\n' +
      "<div><br></div><p>Bring the Q3&nbsp;numbers &amp; the <b>plan</b></p><ul><li>one</li><li>two</li></ul>" +
      "<!-- a comment --><div>last<br>line</div></body></html>";
    expect(htmlToText(html)).toBe("Agenda:\u00a0pricing\n\nBring the Q3\u00a0numbers & the plan\none\ntwo\nlast\nline");
  });
});
