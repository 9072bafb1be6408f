// TaskpaneServices over the real pieces: the sync use-cases (given the task pane's SyncDeps) and the InterAction
// client's extra calls (company search, a page of a company's meetings, add contact). The ports handed to the use-cases are
// decorated to report document upload progress, so the pane can show it without the use-cases knowing.
import type { MeetingSnapshot } from "../core/meeting";
import type { SyncState } from "../core/syncState";
import type { SyncTrigger } from "../core/trigger";
import type { MeetingView, SyncDeps, SyncOutcome } from "../sync/deps";
import type { DocumentUpload, SyncStateStore } from "../sync/ports";
import type {
  CompanyMeetings,
  CompanyMeetingsRequest,
  CompanySummary,
  Group,
  PersonRef,
  Preferences,
  TaskpaneServices,
  UploadEvent,
} from "./types";

export interface UseCases {
  runSync(trigger: SyncTrigger, deps: SyncDeps): Promise<SyncOutcome>;
  updatePreferences(deps: SyncDeps, prefs: Preferences): Promise<SyncState>;
  loadMeetingView(deps: SyncDeps): Promise<MeetingView>;
}

/** The InterAction calls the pane makes itself (beyond the sync port). */
export interface DirectoryClient {
  searchCompanies(query: string, signal: AbortSignal): Promise<CompanySummary[]>;
  companyMeetings(companyId: string, from: string, to: string, page: CompanyMeetingsRequest): Promise<CompanyMeetings>;
  addContact(person: PersonRef): Promise<{ id: string }>;
  listGroups(): Promise<Group[]>;
}

/** Lets the browser paint between the steps of a long upload, so the pane never looks frozen. */
const yieldToUi = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Wraps the item and the API ports so that reading and uploading attachments emit UploadEvents. */
export function trackUploads(deps: SyncDeps, emit: (event: UploadEvent) => void): SyncDeps {
  let snapshot: MeetingSnapshot | null = null;
  let current: { attachmentId: string; name: string; size: number } | null = null;
  const item: SyncDeps["item"] = Object.assign(Object.create(deps.item) as SyncDeps["item"], {
    read: async () => {
      snapshot = await deps.item.read();
      return snapshot;
    },
    readAttachment: async (attachmentId: string) => {
      const info = snapshot?.attachments.find((a) => a.id === attachmentId);
      current = { attachmentId, name: info?.name ?? attachmentId, size: info?.size ?? 0 };
      const file = current;
      emit({ ...file, phase: "reading" });
      await yieldToUi();
      try {
        return await deps.item.readAttachment(attachmentId);
      } catch (e) {
        emit({ ...file, phase: "failed", message: e instanceof Error ? e.message : undefined });
        throw e;
      }
    },
  });
  const api: SyncDeps["api"] = Object.assign(Object.create(deps.api) as SyncDeps["api"], {
    uploadDocument: async (syncKey: string, documentKey: string, doc: DocumentUpload) => {
      const file =
        current && current.name === doc.name
          ? current
          : { attachmentId: documentKey, name: doc.name, size: Math.floor((doc.base64.length * 3) / 4) };
      current = null;
      emit({ ...file, phase: "uploading" });
      await yieldToUi();
      try {
        const result = await deps.api.uploadDocument(syncKey, documentKey, doc);
        emit({ ...file, phase: "uploaded" });
        return result;
      } catch (e) {
        emit({ ...file, phase: "failed", message: e instanceof Error ? e.message : undefined });
        throw e;
      }
    },
  });
  return { ...deps, item, api };
}

export function createTaskpaneServices(options: {
  deps: SyncDeps;
  useCases: UseCases;
  directory: DirectoryClient;
  /**
   * A state store that reads the item's custom properties afresh. The pane stays open while the commands runtime
   * (the ribbon's Add, launch events) changes them; a store that keeps the properties it loaded first would show
   * the old state, and its next save would write the old bag back over those changes. So every call gets its own.
   */
  freshStateStore?: () => SyncStateStore;
  /**
   * The sign-in behind the client (src/auth): the user's own actions re-allow a sign-in window they closed before;
   * the pane's automatic reads (on open, on item change) never bring one back.
   */
  signIn?: { allowPrompt?(): void };
}): TaskpaneServices {
  const listeners = new Set<(event: UploadEvent) => void>();
  const tracked = trackUploads(options.deps, (event) => {
    for (const l of [...listeners]) l(event);
  });
  const { useCases, directory, freshStateStore } = options;
  const current = (): SyncDeps => (freshStateStore ? { ...tracked, stateStore: freshStateStore() } : tracked);
  const deps = tracked;
  const userActs = () => options.signIn?.allowPrompt?.();
  return {
    refresh: () => useCases.runSync({ kind: "refresh" }, current()),
    add: () => {
      userActs();
      return useCases.runSync({ kind: "add" }, current());
    },
    retry: () => {
      userActs();
      return useCases.runSync({ kind: "retry" }, current());
    },
    loadMeetingView: () => useCases.loadMeetingView(current()),
    readState: () => current().stateStore.load(),
    updatePreferences: (prefs) => {
      userActs();
      return useCases.updatePreferences(current(), prefs);
    },
    getSettings: () => deps.api.getSettings(),
    getActivityTypes: () => deps.api.getActivityTypes(),
    lookupAttendees: (emails) => deps.api.lookupAttendees(emails),
    addContact: (person) => {
      userActs();
      return directory.addContact(person);
    },
    listGroups: () => directory.listGroups(),
    searchCompanies: (query, signal) => {
      userActs();
      return directory.searchCompanies(query, signal);
    },
    companyMeetings: (companyId, from, to, page) => directory.companyMeetings(companyId, from, to, page),
    onUpload: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
