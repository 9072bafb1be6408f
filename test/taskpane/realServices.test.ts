// The pane's controller and store over the REAL services (src/taskpane/bootstrap.ts createOutlookServices): the
// published addin-config.json, dev sign-in, the typed client and the sync use-cases, against an in-process InterAction
// sandbox, with Outlook played by office-addin-mock (test/office/fakeOutlook.ts). Fakes elsewhere check the views;
// this checks that what the real stack answers lands in the state the views read.
import { initialSyncState } from "../../src/core/syncState";
import { createCustomPropertiesStateStore } from "../../src/office";
import { createOutlookServices } from "../../src/taskpane/bootstrap";
import { createController } from "../../src/taskpane/controller";
import { addButton, isUndelivered, statusText } from "../../src/taskpane/derive";
import { createStore, initialState } from "../../src/taskpane/state";
import { createFakeOutlook } from "../office/fakeOutlook";
import { startReliabilitySandbox, type ReliabilitySandbox } from "../support/reliabilitySandbox";

jest.setTimeout(60_000);

let sandbox: ReliabilitySandbox;
const realFetch = globalThis.fetch;
const g = globalThis as unknown as { Office?: unknown; location?: unknown; fetch: typeof fetch };

beforeAll(async () => {
  sandbox = await startReliabilitySandbox();
  // The page's own address: addin-config.json is read next to it and points at the sandbox with dev sign-in.
  g.location = { href: "https://addin.test/taskpane.html", origin: "https://addin.test" };
  g.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url === "https://addin.test/addin-config.json") {
      return new Response(JSON.stringify({ apiBaseUrl: sandbox.url, auth: { mode: "dev" } }), {
        headers: { "content-type": "application/json" },
      });
    }
    return realFetch(input, init);
  }) as typeof fetch;
});

afterAll(async () => {
  g.fetch = realFetch;
  delete g.location;
  delete g.Office;
  await sandbox?.close();
});

function pane(outlook: ReturnType<typeof createFakeOutlook>) {
  g.Office = outlook.office;
  const store = createStore(initialState());
  const controller = createController({ store, loadServices: createOutlookServices });
  return { store, controller };
}

describe("the pane over the real services", () => {
  it("a new meeting with a Top Client attendee: the firm rule's decision makes it 'will be added on send'", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        subject: "Acme pricing",
        requiredAttendees: [{ emailAddress: "carol@acme.example", displayName: "Carol Chen" }],
      },
    });
    const { store, controller } = pane(outlook);
    await controller.start();
    await controller.idle();
    const m = store.getState().meeting;
    expect(store.getState().boot.phase).toBe("ready");
    expect(m.unreachable).toBe(false);
    expect(m.view?.snapshot.subject).toBe("Acme pricing");
    expect(m.view?.autoAdd).toMatchObject({
      add: true,
      matches: [expect.objectContaining({ email: "carol@acme.example" })],
    });
    expect(m.view?.status).toBe("willAddOnSend");
    expect(store.getState().settings?.firmDomains).toContain("firm.example");
    // Nothing reached InterAction before the send.
    expect(sandbox.meetings()).toHaveLength(0);
  });

  it("an existing meeting added from the pane is in InterAction, and the pane shows InterAction's record", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        mode: "compose",
        itemId: "AAMkSent1",
        subject: "Globex contract call",
        requiredAttendees: [{ emailAddress: "erin@globex.example", displayName: "Erin Evans" }],
      },
    });
    const { store, controller } = pane(outlook);
    await controller.start();
    expect(store.getState().meeting.view?.status).toBe("notAdded");
    await controller.add();
    const m = store.getState().meeting;
    expect(m.actionError).toBeNull();
    expect(m.view?.status).toBe("synced");
    expect(m.view?.record?.companies.map((c) => c.name)).toContain("Globex");
    expect(sandbox.meetings().map((r) => r.subject)).toContain("Globex contract call");
  });

  it("an Add made by another runtime (the ribbon) is noticed by the open pane, and not undone by its next save", async () => {
    const outlook = createFakeOutlook({
      meeting: {
        subject: "Globex sourcing",
        requiredAttendees: [{ emailAddress: "erin@globex.example", displayName: "Erin Evans" }],
      },
    });
    const { store, controller } = pane(outlook);
    await controller.start();
    expect(store.getState().meeting.view?.status).toBe("notAdded");

    // The commands runtime: its own store over the same item, as the ribbon's function has.
    const ribbon = createCustomPropertiesStateStore(outlook.mailbox);
    const state = (await ribbon.load()) ?? initialSyncState();
    await ribbon.save({ ...state, addRequested: true });

    await controller.checkItem();
    await controller.idle();
    expect(store.getState().meeting.view?.status).toBe("willAddOnSend");
    // A pane action saves the item's state again: the ribbon's addRequested survives it.
    await controller.setMode("manual");
    expect((await createCustomPropertiesStateStore(outlook.mailbox).load())?.addRequested).toBe(true);
  });

  it("with InterAction down the pane says it can't be reached, and Try again reconnects", async () => {
    const outlook = createFakeOutlook({ meeting: { itemId: "AAMkSent2", subject: "Down" } });
    await sandbox.setFaults([{ path: "^/api/", status: 503 }]);
    const { store, controller } = pane(outlook);
    try {
      await controller.start();
      expect(store.getState().meeting.view?.snapshot.subject).toBe("Down");
      await controller.add();
      expect(store.getState().meeting.unreachable).toBe(true);
      // The add is committed and waits for InterAction: retried, not "save or send", and Add is not offered again.
      const m = store.getState().meeting;
      expect(m.view?.status).toBe("pending");
      expect(isUndelivered(m.view!)).toBe(true);
      expect(statusText(m)).toMatch(/^Waiting to reach InterAction/);
      expect(addButton(m).disabled).toBe(true);
    } finally {
      await sandbox.setFaults([]);
    }
    await controller.retry();
    expect(store.getState().meeting.unreachable).toBe(false);
    expect(store.getState().meeting.view?.status).toBe("synced");
  });
});
