// The pane's controller and store over the REAL services (src/taskpane/bootstrap.ts createOutlookServices): the
// published addin-config.json, dev sign-in, the typed client and the sync use-cases, against an in-process InterAction
// sandbox, with Outlook played by office-addin-mock (test/support/fakeOutlook.ts). Fakes elsewhere check the views;
// this checks that what the real stack answers lands in the state the views read.
import type { AccountInfo, Configuration, IPublicClientApplication } from "@azure/msal-browser";
import { initialSyncState } from "../../src/core/syncState";
import { createCustomPropertiesStateStore } from "../../src/office";
import { createOutlookServices } from "../../src/taskpane/bootstrap";
import { createController } from "../../src/taskpane/controller";
import { addButton, isUndelivered, statusText } from "../../src/taskpane/derive";
import { createStore, initialState } from "../../src/taskpane/state";
import { createFakeOutlook } from "../support/fakeOutlook";
import { startReliabilitySandbox, type ReliabilitySandbox } from "../support/reliabilitySandbox";

jest.setTimeout(60_000);

let sandbox: ReliabilitySandbox;
const realFetch = globalThis.fetch;
const g = globalThis as unknown as { Office?: unknown; location?: unknown; fetch: typeof fetch };
/** addin-config.json's sign-in: dev tokens from the sandbox, unless a test switches to NAA. */
let auth: Record<string, unknown> = { mode: "dev" };

beforeAll(async () => {
  sandbox = await startReliabilitySandbox();
  // The page's own address: addin-config.json is read next to it and points at the sandbox with dev sign-in.
  g.location = { href: "https://addin.test/taskpane.html", origin: "https://addin.test" };
  g.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url === "https://addin.test/addin-config.json") {
      return new Response(JSON.stringify({ apiBaseUrl: sandbox.url, auth }), {
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

  it("dev sign-in never loads MSAL: the pane's lazy MSAL loader is not called", async () => {
    const outlook = createFakeOutlook({
      meeting: { subject: "Dev", requiredAttendees: [{ emailAddress: "carol@acme.example", displayName: "Carol" }] },
      requirementSets: { NestedAppAuth: "1.1" },
    });
    g.Office = outlook.office;
    const createPca = jest.fn();
    const store = createStore(initialState());
    const controller = createController({ store, loadServices: () => createOutlookServices({ createPca }) });
    await controller.start();
    await controller.idle();
    expect(store.getState().meeting.view?.status).toBe("willAddOnSend");
    await controller.add();
    expect(createPca).not.toHaveBeenCalled();
  });

  it("NAA sign-in loads MSAL once, when the first token is requested, and signs every call with it", async () => {
    const outlook = createFakeOutlook({
      meeting: { itemId: "AAMkNaa1", subject: "NAA" },
      requirementSets: { NestedAppAuth: "1.1" },
    });
    g.Office = outlook.office;
    auth = { mode: "naa", clientId: "00000000-0000-0000-0000-0000000000aa", scopes: ["api://ia/access_as_user"] };
    // MSAL as the pane would get it from its chunk; the token is the sandbox's dev token for the signed-in user.
    const account = { homeAccountId: "bob" } as AccountInfo;
    const pca = {
      getActiveAccount: () => account,
      getAllAccounts: () => [account],
      setActiveAccount: () => undefined,
      acquireTokenSilent: async () => {
        const res = await realFetch(`${sandbox.url}/dev/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: outlook.office.context.mailbox.userProfile.emailAddress }),
        });
        return { accessToken: ((await res.json()) as { access_token: string }).access_token, account };
      },
    } as unknown as IPublicClientApplication;
    const createPca = jest.fn(async (_config: Configuration) => pca);
    try {
      const store = createStore(initialState());
      let loaded = 0;
      const controller = createController({
        store,
        loadServices: async () => {
          const services = await createOutlookServices({ createPca });
          loaded += 1;
          return services;
        },
      });
      await controller.start();
      await controller.idle();
      expect(loaded).toBe(1);
      expect(store.getState().meeting.view?.status).toBe("notAdded");
      await controller.add();
      expect(store.getState().meeting.view?.status).toBe("synced");
      expect(createPca).toHaveBeenCalledTimes(1);
      expect(createPca.mock.calls[0]?.[0]).toMatchObject({
        auth: { clientId: "00000000-0000-0000-0000-0000000000aa" },
        cache: { cacheLocation: "localStorage" },
      });
    } finally {
      auth = { mode: "dev" };
    }
  });
});
