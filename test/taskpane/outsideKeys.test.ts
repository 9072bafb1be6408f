// Property tests: the task pane keeps whatever Outlook, InterAction or a user names a thing (an attendee's address,
// an attachment's id, a meeting's kind) as the string it is. Names that are also properties of every JavaScript
// object (`__proto__`, `constructor`, ...) are drawn often and tried first (`examples`). A failure prints
// fast-check's seed and path; replay with FC_SEED / FC_PATH (test/support/setup.ts).
import fc from "fast-check";
import type { AttendeeDirectory, DirectoryContact } from "../../src/core/settings";
import { attendeeRows, documentRows, documentPhase } from "../../src/taskpane/derive";
import { createStore, initialState, type ContactAddState } from "../../src/taskpane/state";
import { strings } from "../../src/taskpane/strings";
import type { DocumentView, UploadEvent } from "../../src/taskpane/types";
import { settings, snapshot, view } from "./fixtures";

/** Names every plain object already answers to. */
const OBJECT_NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "valueOf",
  "isPrototypeOf",
  "__defineGetter__",
  "__lookupSetter__",
];

/** Any name a thing may have: the object names, or any text. */
const nameArb = fc.oneof(fc.constantFrom(...OBJECT_NAMES), fc.string({ minLength: 1, maxLength: 12 }));
/** An attendee's address as the pane keys it (lower case, not empty, outside the firm's domain). */
const addressArb = nameArb
  .map((s) => s.toLowerCase())
  .filter((s) => s.trim().length > 0 && !s.endsWith("firm.example"));

const contactStateArb: fc.Arbitrary<ContactAddState> = fc.oneof(
  fc.constant({ state: "adding" as const }),
  fc.constant({ state: "added" as const }),
  fc.constant({ state: "failed" as const, message: "refused" }),
);

const paneWith = (attendees: string[]) => {
  const store = createStore(initialState());
  const people = attendees.map((email) => ({ email, name: "", type: "required" as const, response: "none" as const }));
  store.dispatch({ type: "meeting/view", view: view({ snapshot: snapshot({ attendees: people }), settings }) });
  return store;
};

describe("the task pane holds any outside name", () => {
  it("'Add as contact' states: each address keeps its own, and an address never added is not a contact", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(addressArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), contactStateArb), { maxLength: 12 }),
        (addresses, steps) => {
          const store = paneWith(addresses);
          // InterAction knows none of them, so each is "unresolved" until added as a contact.
          store.dispatch({ type: "meeting/directory", directory: { contactTypes: [], contacts: {} } });
          const last = new Map<string, ContactAddState>();
          for (const [i, state] of steps) {
            const email = addresses[i % addresses.length] as string;
            store.dispatch({ type: "meeting/contact", email, state });
            last.set(email, state);
          }
          const rows = attendeeRows(store.getState()).filter((r) => r.email !== "alice@firm.example");
          expect(rows.map((r) => r.email)).toEqual(addresses);
          for (const row of rows) {
            expect(row.kind).toBe(last.get(row.email)?.state === "added" ? "contact" : "unresolved");
          }
        },
      ),
      { examples: OBJECT_NAMES.map((name): [string[], [number, ContactAddState][]] => [[name.toLowerCase()], []]) },
    );
  });

  it("the attendee directory: an address is a contact exactly when InterAction listed it", () => {
    const entry: DirectoryContact = { contactId: "c-1", name: "Listed", contactTypeIds: [] };
    fc.assert(
      fc.property(
        fc.uniqueArray(addressArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (addresses, listed) => {
          const store = paneWith(addresses);
          const known = addresses.filter((_, i) => listed[i]);
          // Own properties, as a JSON answer has them (JSON.parse defines "__proto__" as a plain key).
          const directory: AttendeeDirectory = {
            contactTypes: [],
            contacts: JSON.parse(JSON.stringify(Object.fromEntries(known.map((a) => [a, entry])))) as Record<
              string,
              DirectoryContact
            >,
          };
          store.dispatch({ type: "meeting/directory", directory });
          const rows = attendeeRows(store.getState()).filter((r) => r.email !== "alice@firm.example");
          for (const row of rows) {
            expect(row.kind).toBe(known.includes(row.email) ? "contact" : "unresolved");
            if (row.kind === "contact") expect(row.contactName).toBe("Listed");
          }
        },
      ),
      {
        examples: [
          [
            ["constructor", "__proto__", "tostring"],
            [false, true, false, false, false, false],
          ],
        ] as [string[], boolean[]][],
      },
    );
  });

  it("upload progress: every attachment id keeps its latest event, next to the documents InterAction knows", () => {
    const phaseArb = fc.constantFrom<UploadEvent["phase"]>("reading", "uploading", "uploaded", "failed");
    fc.assert(
      fc.property(
        fc.uniqueArray(nameArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), phaseArb), { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (ids, steps, isDocument) => {
          const documents: DocumentView[] = ids
            .filter((_, i) => isDocument[i])
            .map((id) => ({
              attachmentId: id,
              name: `${id}.pdf`,
              size: 10,
              contentType: "application/pdf",
              state: "notUploaded",
            }));
          const store = createStore(initialState());
          store.dispatch({ type: "meeting/view", view: view({ documents }) });
          const latest = new Map<string, UploadEvent>();
          for (const [i, phase] of steps) {
            const id = ids[i % ids.length] as string;
            const event: UploadEvent = { attachmentId: id, name: `${id}.pdf`, size: 10, phase };
            store.dispatch({ type: "meeting/upload", event });
            latest.set(id, event);
          }
          const { rows, progress } = documentRows(store.getState().meeting);
          const expected = [...documents.map((d) => d.attachmentId)];
          for (const id of latest.keys()) if (!expected.includes(id)) expected.push(id);
          expect(rows.map((r) => r.attachmentId)).toEqual(expected);
          for (const row of rows) {
            const doc = documents.find((d) => d.attachmentId === row.attachmentId);
            expect(row.phase).toBe(latest.get(row.attachmentId)?.phase ?? (doc && documentPhase(doc)));
          }
          const active = [...latest.values()].some((e) => e.phase === "reading" || e.phase === "uploading");
          expect(progress?.total ?? null).toBe(active ? latest.size : null);
        },
      ),
      {
        examples: OBJECT_NAMES.map((name): [string[], [number, UploadEvent["phase"]][], boolean[]] => [
          [name],
          [[0, "uploading"]],
          [false, false, false, false, false, false],
        ]),
      },
    );
  });

  it("a company meeting's kind is named when it is one the pane knows, and shown as InterAction sent it otherwise", () => {
    fc.assert(
      fc.property(nameArb, (kind) => {
        const known: Record<string, string> = { appointment: "Appointment", activity: "Activity" };
        expect(strings.clients.kindName(kind)).toBe(kind === "appointment" || kind === "activity" ? known[kind] : kind);
      }),
      { examples: OBJECT_NAMES.map((name): [string] => [name]) },
    );
  });
});
