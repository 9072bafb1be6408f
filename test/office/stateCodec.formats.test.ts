// Every format the item-state codec ever wrote still decodes: an item keeps its state for years, and reading it wrong
// costs the meeting's sync key or what was delivered. The fixtures were written by the codec of the commit named.
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { decodeState, encodeState } from "../../src/office/stateCodec";

const written: SyncState = {
  ...initialSyncState(),
  syncKey: "0f8fad5b-d9cb-469f-a165-70867728950e",
  mode: "manual",
  addedBy: "organizer",
  revision: 2,
  fingerprint: "9c1185a5c5e9fc54",
  documents: { d0a1b2c3d4e5f: "d0a1b2c3d4e5f", dfeedc0ffee12: "dfeedc0ffee12" },
  visibility: { groupId: "litigation; team=1" },
  activityTypeId: "meeting",
  recordId: "mtg_42",
  syncUntil: "2030-03-18T16:00:00.000Z",
  lastPlannedAt: "2030-03-01T10:00:00.000Z",
  deliveredRevision: 2,
  deliveredDocuments: [],
  deliveredAt: "2030-03-01T10:00:01.000Z",
  cancelled: false,
  kind: "appointment",
  autoAddedBecause: 'Added because carol@acme.example works for "Acme Corporation", a Top Client.',
};
const common =
  "ia1;k=s0f8fad5b-d9cb-469f-a165-70867728950e;m=smanual;q=0;b=sorganizer;r=n2;f=s9c1185a5c5e9fc54;" +
  "d=md0a1b2c3d4e5f~d0a1b2c3d4e5f,dfeedc0ffee12~dfeedc0ffee12;vi=mgroupId~litigation%3B team%3D1;t=smeeting;" +
  "i=smtg_42;u=s2030-03-18T16:00:00.000Z;l=s2030-03-01T10:00:00.000Z;p=0;dr=n2;";
const tail =
  ";da=s2030-03-01T10:00:01.000Z;c=0;kd=sappointment;ab=sAdded because carol@acme.example works for %22Acme Corporation%22%2C a Top Client.";

describe("item states written by every earlier version", () => {
  it("the first format (a9ea5f1): an empty list is 'l' with nothing after it, and reads as the empty list", () => {
    expect(decodeState(`${common}dd=l${tail}`)).toEqual(written);
  });

  it("the format since 0723cb5: an empty list is 'L'", () => {
    expect(decodeState(`${common}dd=L${tail}`)).toEqual(written);
  });

  it("today's writer writes the empty list as 'L'", () => {
    expect(encodeState(written)).toContain(";dd=L;");
    expect(decodeState(encodeState(written))).toEqual(written);
  });

  it("a list of one empty string is written as JSON, which every earlier version reads as that list", () => {
    const state = { ...written, deliveredDocuments: [""] };
    expect(encodeState(state)).toContain(";dd=j[%22%22];");
    expect(JSON.parse("[%22%22]".replace(/%22/g, '"'))).toEqual([""]); // what an earlier version's "j" reader does
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it("a state with only the prefix (nothing recorded yet) is the initial state", () => {
    expect(decodeState("ia1")).toEqual(initialSyncState());
  });
});
