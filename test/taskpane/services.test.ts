// The task pane's services over the real use-case signatures and the typed client: triggers, upload progress from
// the decorated ports, and the directory calls (company search, the pages of a company's meetings).
import type { SyncDeps } from "../../src/sync/deps";
import { createInterActionClient, type InterActionClient } from "../../src/interaction";
import { directoryClient } from "../../src/taskpane/bootstrap";
import { createTaskpaneServices, trackUploads, type UseCases } from "../../src/taskpane/services";
import type { Preferences, UploadEvent } from "../../src/taskpane/types";
import type { SyncTrigger } from "../../src/core/trigger";
import { createController } from "../../src/taskpane/controller";
import { FIRST_PAGE_SIZE, PAGE_SIZE } from "../../src/taskpane/meetingPages";
import { createStore, initialState } from "../../src/taskpane/state";
import { acme, fakeServices, NOW, outcome, snapshot, view } from "./fixtures";

function fakeDeps(): SyncDeps {
  const snap = snapshot({
    attachments: [
      { id: "att-1", name: "agenda.pdf", size: 3, contentType: "application/pdf", isInline: false, kind: "file" },
    ],
  });
  return {
    item: {
      read: jest.fn(async () => snap),
      readAttachment: jest.fn(async () => ({ base64: "AAAA", contentType: "application/pdf" })),
    },
    stateStore: { load: jest.fn(async () => null), save: jest.fn(async () => undefined) },
    outbox: { load: jest.fn(async () => []), save: jest.fn(async () => undefined) },
    api: {
      getSettings: jest.fn(),
      getActivityTypes: jest.fn(),
      lookupAttendees: jest.fn(),
      upsertMeeting: jest.fn(),
      getMeeting: jest.fn(),
      uploadDocument: jest.fn(async () => ({
        id: "d1",
        documentKey: "dk",
        name: "agenda.pdf",
        size: 3,
        sha256: "x",
        contentType: "application/pdf",
      })),
    },
    clock: { now: () => new Date("2026-11-25T09:00:00Z") },
    notifier: { show: jest.fn(async () => undefined), clear: jest.fn(async () => undefined) },
    random: { newSyncKey: () => "sk", next: () => 0.5 },
    storage: {
      getItem: jest.fn(async () => null),
      setItem: jest.fn(async () => undefined),
      removeItem: jest.fn(async () => undefined),
    },
  } as unknown as SyncDeps;
}

describe("task pane services", () => {
  it("map the pane's intents to the sync triggers and use-cases", async () => {
    const useCases: jest.Mocked<UseCases> = {
      runSync: jest.fn(async (_trigger: SyncTrigger, _deps: SyncDeps) => outcome()),
      updatePreferences: jest.fn(async (_deps: SyncDeps, _prefs: Preferences) => view().state),
      loadMeetingView: jest.fn(async (_deps: SyncDeps) => view()),
    };
    const svc = createTaskpaneServices({ deps: fakeDeps(), useCases, directory: {} as never });
    await svc.refresh();
    await svc.add();
    await svc.retry();
    expect(useCases.runSync.mock.calls.map((c) => c[0])).toEqual([
      { kind: "refresh" },
      { kind: "add" },
      { kind: "retry" },
    ]);
    await svc.updatePreferences({ mode: "manual" });
    expect(useCases.updatePreferences.mock.calls[0]?.[1]).toEqual({ mode: "manual" });
    await svc.loadMeetingView();
    expect(useCases.loadMeetingView).toHaveBeenCalledTimes(1);
  });

  it("report each document read and upload, under the attachment's own id and size", async () => {
    const deps = fakeDeps();
    const events: UploadEvent[] = [];
    const tracked = trackUploads(deps, (e) => events.push(e));
    await tracked.item.read();
    await tracked.item.readAttachment("att-1");
    await tracked.api.uploadDocument("sk", "dk", {
      name: "agenda.pdf",
      contentType: "application/pdf",
      base64: "AAAA",
    });
    expect(events.map((e) => `${e.attachmentId}:${e.phase}:${e.size}`)).toEqual([
      "att-1:reading:3",
      "att-1:uploading:3",
      "att-1:uploaded:3",
    ]);
    expect(deps.api.uploadDocument).toHaveBeenCalledWith("sk", "dk", expect.objectContaining({ name: "agenda.pdf" }));
  });

  it("report a failed upload with InterAction's reason and still fail the call", async () => {
    const deps = fakeDeps();
    (deps.api.uploadDocument as jest.Mock).mockRejectedValueOnce(
      new Error("The file is too large for InterAction (at most 30 MB)."),
    );
    const events: UploadEvent[] = [];
    const tracked = trackUploads(deps, (e) => events.push(e));
    await tracked.item.read();
    await tracked.item.readAttachment("att-1");
    await expect(
      tracked.api.uploadDocument("sk", "dk", { name: "agenda.pdf", contentType: "application/pdf", base64: "AAAA" }),
    ).rejects.toThrow("too large");
    expect(events.at(-1)).toEqual(
      expect.objectContaining({ phase: "failed", message: "The file is too large for InterAction (at most 30 MB)." }),
    );
  });

  it("leave every other port untouched", async () => {
    const deps = fakeDeps();
    const tracked = trackUploads(deps, () => undefined);
    expect(tracked.stateStore).toBe(deps.stateStore);
    await tracked.api.getMeeting("sk");
    expect(deps.api.getMeeting).toHaveBeenCalledWith("sk");
  });
});

describe("directory calls over the typed client", () => {
  const page = (skip: number, total: number, n: number) => ({
    company: { id: "co-acme", name: "Acme Corporation" },
    skip,
    limit: 200,
    total,
    colleagueCount: 7,
    items: Array.from({ length: n }, (_, i) => ({
      id: `m${skip + i}`,
      syncKey: `sk${skip + i}`,
      subject: `Meeting ${skip + i}`,
      start: "2026-11-30T15:00:00.000Z",
      end: "2026-11-30T16:00:00.000Z",
      location: "",
      kind: "appointment" as const,
      status: (i === 0 ? "cancelled" : "scheduled") as "cancelled" | "scheduled",
      organizerEmail: "alice@firm.example",
      colleagues: [{ id: "u1", email: "alice@firm.example", name: "Alice" }],
      contacts: [{ id: "c1", name: "Carol", email: "carol@acme.example", companyId: "co-acme" }],
      documentCount: 0,
    })),
  });

  it("a company's meetings are read page by page until all are in: a small first page, then pages of 200", async () => {
    const client = {
      companyMeetings: jest.fn(async (q: { skip?: number }) => (q.skip === 0 ? page(0, 250, 50) : page(50, 250, 200))),
    } as unknown as InterActionClient;
    // The paging is the client search's (src/taskpane/clientSearch.ts), over this one-page directory call.
    const services = { ...fakeServices(view()), companyMeetings: directoryClient(client).companyMeetings };
    const store = createStore(initialState());
    const controller = createController({ store, loadServices: async () => services, now: () => NOW });
    await controller.start();
    await controller.selectCompany(acme);
    await controller.idle();
    const result = store.getState().clients.meetings!;
    expect(result.items).toHaveLength(250);
    expect(result.colleagueCount).toBe(7);
    expect(result.total).toBe(250);
    expect(result.items[0]).toEqual(
      expect.objectContaining({ cancelled: true, colleagues: [{ name: "Alice", email: "alice@firm.example" }] }),
    );
    const asked = (client.companyMeetings as jest.Mock).mock.calls.map((c) => [c[0].skip, c[0].limit]);
    expect(asked).toEqual([
      [0, FIRST_PAGE_SIZE],
      [50, PAGE_SIZE],
    ]);
    expect(store.getState().clients.moreMeetings).toBeNull();
  });

  it("company search keeps companies and names their contact types", async () => {
    const client = {
      searchCompanies: jest.fn(async () => ({
        skip: 0,
        limit: 20,
        total: 1,
        items: [
          {
            id: "co-acme",
            kind: "company",
            name: "Acme Corporation",
            domain: "acme.example",
            contactTypeIds: ["ct-top"],
          },
        ],
      })),
      contactTypes: jest.fn(async () => [{ id: "ct-top", name: "Top Client" }]),
    } as unknown as InterActionClient;
    const found = await directoryClient(client).searchCompanies("acme", new AbortController().signal);
    expect(found).toEqual([
      { id: "co-acme", name: "Acme Corporation", domain: "acme.example", contactTypeNames: ["Top Client"] },
    ]);
  });

  it("adding a contact is idempotent per address", async () => {
    const client = { addContact: jest.fn(async () => ({ id: "c9" })) } as unknown as InterActionClient;
    await directoryClient(client).addContact({ email: "zed@unknown.example", name: "Zed" });
    expect(client.addContact).toHaveBeenCalledWith(
      { name: "Zed", email: "zed@unknown.example" },
      { idempotencyKey: "contact:zed@unknown.example" },
    );
  });
});

describe("a replaced directory request stops loading", () => {
  /** A client over a fetch that answers contact types at once and holds every other request until it is aborted. */
  function holdingClient() {
    const held: Request[] = [];
    const fetch = (async (request: Request) => {
      if (request.url.includes("/contact-types")) return Response.json([]);
      held.push(request);
      return new Promise<Response>((_, reject) =>
        request.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      );
    }) as unknown as typeof globalThis.fetch;
    const client = createInterActionClient({ baseUrl: "https://ia.test", getToken: async () => "token", fetch });
    return { held, directory: directoryClient(client) };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it("aborting the pane's signal aborts the company search's HTTP request, and it ends as an abort", async () => {
    const { held, directory } = holdingClient();
    const abort = new AbortController();
    const search = directory.searchCompanies("acme", abort.signal);
    search.catch(() => undefined);
    await settle();
    expect(held.map((r) => new URL(r.url).pathname)).toEqual(["/api/v1/contacts"]);
    abort.abort();
    await settle();
    expect(held[0]?.signal.aborted).toBe(true);
    // Neither "InterAction did not answer in time" nor unreachable: nobody waits for this answer any more.
    await expect(search).rejects.toMatchObject({ name: "AbortError" });
  });

  it("aborting the pane's signal aborts the page of company meetings being loaded", async () => {
    const { held, directory } = holdingClient();
    const abort = new AbortController();
    const meetings = directory.companyMeetings("co-acme", "a", "b", { skip: 0, limit: 50, signal: abort.signal });
    meetings.catch(() => undefined);
    await settle();
    expect(held.map((r) => new URL(r.url).pathname)).toEqual(["/api/v1/meetings"]);
    abort.abort();
    await settle();
    expect(held[0]?.signal.aborted).toBe(true);
    await expect(meetings).rejects.toMatchObject({ name: "AbortError" });
  });
});
