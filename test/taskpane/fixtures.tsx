// Builders for task pane tests: meetings, views and a fake TaskpaneServices whose every call is recorded.
import * as React from "react";
import { act, render } from "@testing-library/react";
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { MeetingRecord } from "../../src/core/record";
import type { CalendarSyncSettings } from "../../src/core/settings";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { App } from "../../src/taskpane/components/App";
import { PaneContext } from "../../src/taskpane/components/context";
import { detailsLoaded } from "../../src/taskpane/components/MeetingPanel";
import { createController, type Controller } from "../../src/taskpane/controller";
import { setLocaleDefaults } from "../../src/taskpane/format";
import { createStore, initialState, type Store } from "../../src/taskpane/state";
import type {
  CompanyMeetings,
  CompanySummary,
  MeetingView,
  SyncOutcome,
  TaskpaneServices,
  UploadEvent,
} from "../../src/taskpane/types";

export const NOW = new Date("2026-11-25T09:00:00.000Z");

export const settings: CalendarSyncSettings = {
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: ["ct-top"],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: "at-meeting",
  defaultVisibility: "everyone",
  firmDomains: ["firm.example"],
};

export function snapshot(over: Partial<MeetingSnapshot> = {}): MeetingSnapshot {
  return {
    itemId: "item-1",
    subject: "Quarterly review with Acme",
    start: "2026-11-30T15:00:00.000Z",
    end: "2026-11-30T16:00:00.000Z",
    location: "Board room",
    organizer: { email: "alice@firm.example", name: "Alice Adams" },
    attendees: [
      { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "none" },
      { email: "zed@unknown.example", name: "Zed Zulu", type: "optional", response: "none" },
      { email: "bob@firm.example", name: "Bob Brown", type: "required", response: "accepted" },
    ],
    notes: "",
    attachments: [],
    isRecurring: false,
    sensitivity: "normal",
    isCancelled: false,
    role: "organizer",
    user: { email: "alice@firm.example", name: "Alice Adams" },
    userResponse: "organizer",
    isNew: false,
    ...over,
  };
}

export function record(over: Partial<MeetingRecord> = {}): MeetingRecord {
  return {
    id: "m-1",
    syncKey: "sk-1",
    kind: "appointment",
    status: "scheduled",
    syncUntil: "2026-12-14T16:00:00.000Z",
    frozen: false,
    revision: 1,
    contacts: [{ id: "c-carol", name: "Carol Chen", email: "carol@acme.example", companyId: "co-acme" }],
    companies: [{ id: "co-acme", name: "Acme Corporation" }],
    unresolvedAttendees: [{ email: "zed@unknown.example", name: "Zed Zulu" }],
    documents: [],
    updatedAt: "2026-11-25T08:30:00.000Z",
    ...over,
  };
}

export const addedState = (over: Partial<SyncState> = {}): SyncState => ({
  ...initialSyncState(),
  syncKey: "sk-1",
  revision: 1,
  deliveredRevision: 1,
  deliveredAt: "2026-11-25T08:30:00.000Z",
  syncUntil: "2026-12-14T16:00:00.000Z",
  ...over,
});

export function view(over: Partial<MeetingView> = {}): MeetingView {
  return {
    snapshot: snapshot(),
    state: initialSyncState(),
    settings,
    activityTypes: [
      { id: "at-meeting", name: "Meeting" },
      { id: "at-call", name: "Call" },
    ],
    status: "notAdded",
    eligibility: { eligible: true },
    autoAdd: {
      add: true,
      explanation: "Added because carol@acme.example works for Acme Corporation, a Top Client.",
      matches: [
        {
          email: "carol@acme.example",
          contactName: "Carol Chen",
          companyName: "Acme Corporation",
          contactTypeName: "Top Client",
        },
      ],
    },
    record: null,
    documents: [],
    outbox: [],
    history: [],
    notice: null,
    ...over,
  };
}

export const outcome = (over: Partial<SyncOutcome> = {}): SyncOutcome => ({
  status: "synced",
  eligibility: { eligible: true },
  notice: null,
  delivered: 1,
  queued: 0,
  ...over,
});

export const acme: CompanySummary = { id: "co-acme", name: "Acme Corporation", domain: "acme.example" };

export type FakeServices = jest.Mocked<TaskpaneServices> & { emitUpload(event: UploadEvent): void };

/** A fake whose loadMeetingView answers `current` (tests swap it to move the meeting along). */
export function fakeServices(initial: MeetingView = view()): FakeServices & { current: MeetingView } {
  const listeners = new Set<(e: UploadEvent) => void>();
  const holder: { current: MeetingView } = { current: initial };
  const fake = Object.assign(holder, {
    refresh: jest.fn(async (): Promise<SyncOutcome> => outcome({ status: holder.current.status })),
    add: jest.fn(async () => outcome()),
    retry: jest.fn(async () => outcome()),
    loadMeetingView: jest.fn(async (): Promise<MeetingView> => holder.current),
    readState: jest.fn(async () => holder.current.state),
    updatePreferences: jest.fn(async () => holder.current.state),
    getSettings: jest.fn(async () => settings),
    getActivityTypes: jest.fn(async () => [
      { id: "at-meeting", name: "Meeting" },
      { id: "at-call", name: "Call" },
    ]),
    lookupAttendees: jest.fn(async () => ({
      contactTypes: [{ id: "ct-top", name: "Top Client" }],
      contacts: {
        "carol@acme.example": {
          contactId: "c-carol",
          name: "Carol Chen",
          contactTypeIds: [],
          company: { id: "co-acme", name: "Acme Corporation", contactTypeIds: ["ct-top"] },
        },
      },
    })),
    addContact: jest.fn(async () => ({ id: "c-new" })),
    listGroups: jest.fn(async () => [{ id: "g-lit", name: "Litigation" }]),
    searchCompanies: jest.fn(async (q: string) =>
      [acme, { id: "co-globex", name: "Globex", domain: "globex.example" }].filter((c) =>
        c.name.toLowerCase().includes(q.toLowerCase()),
      ),
    ),
    companyMeetings: jest.fn(async (): Promise<CompanyMeetings> => ({ items: [], colleagueCount: 0, total: 0 })),
    onUpload: jest.fn((l: (e: UploadEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    }),
    emitUpload: (e: UploadEvent) => listeners.forEach((l) => l(e)),
  });
  return fake as unknown as FakeServices & { current: MeetingView };
}

export interface Harness {
  store: Store;
  controller: Controller;
  services: ReturnType<typeof fakeServices>;
  rendered: ReturnType<typeof render>;
}

/** Renders the pane over fake services and starts it, as index.tsx does after Office.onReady. */
export async function renderPane(
  initial: MeetingView = view(),
  opts: { start?: boolean; loadServices?: () => Promise<TaskpaneServices>; debounceMs?: number } = {},
): Promise<Harness> {
  setLocaleDefaults({ locale: "en-US", timeZone: "UTC" });
  const services = fakeServices(initial);
  const store = createStore(initialState("light"));
  const controller = createController({
    store,
    loadServices: opts.loadServices ?? (async () => services),
    now: () => NOW,
    searchDebounceMs: opts.debounceMs ?? 250,
  });
  const rendered = render(
    <PaneContext.Provider value={{ store, controller }}>
      <App />
    </PaneContext.Provider>,
  );
  if (opts.start !== false) {
    await act(async () => {
      await controller.start();
      // The details below the status are a lazy chunk (MeetingPanel.tsx): let it arrive, as it does right after.
      await detailsLoaded();
    });
  }
  return { store, controller, services, rendered };
}
