// An Add that waits for the send is kept only by the item's state (core/status.ts addNotKept).
import { addNotKept } from "../../src/core/status";
import { initialSyncState, type SyncState } from "../../src/core/syncState";

const waiting: SyncState = { ...initialSyncState(), mode: "manual", addRequested: true, syncKey: "k", revision: 0 };
const kept = { saveFailed: false, onlyInForm: false };

test("not kept when the save failed or only the unsaved form holds it", () => {
  expect(addNotKept("add", 0, waiting, { ...kept, onlyInForm: true })).toBe(true);
  expect(addNotKept("add", 0, waiting, { ...kept, saveFailed: true })).toBe(true);
});

test("kept otherwise: saved, something written now, another trigger, or already added", () => {
  expect(addNotKept("add", 0, waiting, kept)).toBe(false);
  expect(addNotKept("add", 1, waiting, { ...kept, onlyInForm: true })).toBe(false);
  expect(addNotKept("open", 0, waiting, { ...kept, onlyInForm: true })).toBe(false);
  const added = { ...waiting, revision: 1, deliveredRevision: 1 };
  expect(addNotKept("add", 0, added, { ...kept, onlyInForm: true })).toBe(false);
});
