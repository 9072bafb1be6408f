// Signing in as in production, in real Chromium: the workbench plays an Outlook with nested app authentication
// (`auth: naa`): window.nestedAppAuthBridge in the task pane and in every event frame, answered with the signed-in
// user's tokens from the local identity provider (dev/graph), which the InterAction sandbox trusts as a firm's gateway
// trusts Microsoft Entra ID. The real built add-in runs MSAL's nested app authentication against it end to end: Add
// from the pane, the firm rules on send in an event frame, the client search; first-time consent in a popup, a closed
// popup, a silent renewal, a revoked session and a grant only an administrator can give.
import type { Page } from "playwright-core";
import {
  browserSuite,
  eventually,
  paneText,
  screenshot,
  startStack,
  taskPane,
  workbench,
  type Stack,
} from "./support/stack";

jest.setTimeout(180_000);

const NOW = "2026-12-01T09:00:00.000Z";
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour)).toISOString();

type Consent = "granted" | "userConsentRequired" | "adminConsentRequired";
interface BridgeLogEntry {
  frame: "taskpane" | "commands";
  method: string;
  outcome: string;
  status?: string;
  code?: string;
}

/** The workbench's sign-in controls (window.workbench), beside the common ones of support/workbench.ts. */
const signInControls = (page: Page) => {
  const call = <T>(name: string, ...args: unknown[]) =>
    page.evaluate(
      ([n, a]) =>
        (window as unknown as { workbench: Record<string, (...x: unknown[]) => unknown> }).workbench[n as string]!(
          ...(a as unknown[]),
        ),
      [name, args] as const,
    ) as Promise<T>;
  return {
    setAuth: (mode: "naa" | "dialog" | "dev") => call<void>("setAuth", mode),
    signIn: (email: string, consent: Consent = "granted") => call<void>("signIn", email, { consent }),
    answerSignIn: (choice: "accept" | "close") => call<void>("answerSignIn", choice),
    revokeSignIn: () => call<void>("revokeSignIn"),
    auth: () =>
      call<{ auth: { mode: string; signInWindowOpen: boolean; bridgeLog: BridgeLogEntry[] } }>("state").then(
        (s) => s.auth,
      ),
  };
};

browserSuite("signing in with nested app authentication (workbench auth: naa)", () => {
  let stack: Stack;
  let wb: ReturnType<typeof workbench>;
  let auth: ReturnType<typeof signInControls>;
  const requestedUrls: string[] = [];
  const consoleLines: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    wb = workbench(stack.page);
    auth = signInControls(stack.page);
    await wb.setNow(NOW);
    await auth.setAuth("naa");
    stack.context.on("request", (r) => requestedUrls.push(r.url()));
    stack.page.on("console", (m) => consoleLines.push(m.text()));
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(async () => {
    await wb.close();
    await auth.signIn("alice@firm.example");
    await stack.api.faults([]);
  });

  const writes = async () =>
    (await stack.api.meetingWrites()).filter((w) => w.status === 200 || w.status === 201).map((w) => w.syncKey);
  const paneShows = (text: string | RegExp) =>
    eventually(
      async () => {
        const now = await paneText(stack.page);
        return typeof text === "string" ? now.includes(text) : text.test(now);
      },
      `the task pane to show ${String(text)}`,
    );
  /** What InterAction's requests carried: every one with a bearer token from the identity provider, none without. */
  const bridgeSince = async (n: number) => (await auth.auth()).bridgeLog.slice(n);

  test("consented: Add from the pane, the firm rules on send in the event frame and the client search, all with NAA tokens", async () => {
    const logStart = (await auth.auth()).bridgeLog.length;
    const before = (await writes()).length;
    // The firm rules on send, in the event frame: a Top Client attendee adds the meeting.
    await wb.newMeeting({
      subject: "Acme pricing (NAA)",
      start: at(3, 10),
      end: at(3, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    const sent = await wb.send();
    expect(sent).toMatchObject({ sent: true, smartAlert: null });
    const added = (await writes()).slice(before);
    if (added.length !== 1) {
      const st = await wb.state();
      throw new Error(
        JSON.stringify(
          {
            notices: st.notificationLog.slice(-3),
            invocations: st.invocations.slice(-2),
            bridge: await bridgeSince(logStart),
            requests: (await stack.api.requests()).slice(-5),
            console: stack.consoleErrors,
          },
          null,
          1,
        ),
      );
    }
    expect((await stack.api.meeting(added[0]!)).subject).toBe("Acme pricing (NAA)");

    // Add from the pane: an outside meeting the user adds by hand.
    await wb.newMeeting({
      subject: "Globex intro (NAA)",
      start: at(4, 10),
      end: at(4, 11),
      requiredAttendees: ["erin@globex.example"],
    });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    await pane.getByRole("button", { name: "Add to InterAction" }).click();
    await wb.settle();
    await paneShows(/Will be added|Added/);

    // The client search, signed in the same way: Acme's upcoming meetings with the one just sent among them.
    await pane.getByRole("tab", { name: "Client meetings" }).click();
    const search = pane.getByRole("combobox", { name: /Search InterAction companies/ });
    await search.click();
    await search.pressSequentially("Acme", { delay: 60 });
    await wb.settle();
    const option = pane.getByRole("option", { name: /Acme Corporation/ });
    if (!(await option.isVisible())) await search.press("ArrowDown");
    await option.click();
    await wb.settle();
    await paneShows("Acme pricing (NAA)");

    // Nothing was ever prompted, and the event frames asked the bridge silently only.
    const log = await bridgeSince(logStart);
    expect(log.filter((e) => e.method === "GetTokenPopup")).toEqual([]);
    expect(log.some((e) => e.frame === "commands" && e.method === "GetToken" && e.outcome === "token")).toBe(true);
    expect(log.some((e) => e.frame === "taskpane" && e.method === "GetToken" && e.outcome === "token")).toBe(true);
    await screenshot(stack.page, "naa-01-consented-pane");
    await wb.discard();
  });

  test("first-time consent: the pane asks once in a popup and then works; an event never prompts and sends the user to the pane", async () => {
    const logStart = (await auth.auth()).bridgeLog.length;
    await auth.signIn("bob@firm.example", "userConsentRequired");
    await wb.newMeeting({
      subject: "Globex roadmap (first consent)",
      start: at(5, 10),
      end: at(5, 11),
      requiredAttendees: ["erin@globex.example"],
    });
    await wb.openTaskPane();
    // The pane needed a token: Outlook's sign-in window asks for consent.
    await eventually(async () => (await auth.auth()).signInWindowOpen, "the sign-in window to open");
    await screenshot(stack.page, "naa-02-consent-window");
    await auth.answerSignIn("accept");
    await paneShows("Add to InterAction");
    const popups = (await bridgeSince(logStart)).filter((e) => e.method === "GetTokenPopup");
    expect(popups.map((e) => [e.frame, e.outcome])).toEqual([["taskpane", "token"]]);
    await screenshot(stack.page, "naa-03-consented-pane");
    await wb.discard();
  });

  test("a closed sign-in window: a clear message, nothing lost, and Retry signs in and delivers", async () => {
    await auth.signIn("dana@firm.example", "userConsentRequired");
    const before = (await writes()).length;
    await wb.newMeeting({
      subject: "Globex follow-up (closed window)",
      start: at(6, 10),
      end: at(6, 11),
      requiredAttendees: ["erin@globex.example"],
    });
    const { meetingId } = await wb.send();
    await wb.open(meetingId);
    await wb.openTaskPane();
    await eventually(async () => (await auth.auth()).signInWindowOpen, "the sign-in window to open");
    await auth.answerSignIn("close");
    await paneShows("The sign-in window was closed. Nothing was lost: press Retry to sign in.");
    await screenshot(stack.page, "naa-04-window-closed");
    // No window comes back by itself.
    await wb.settle();
    expect((await auth.auth()).signInWindowOpen).toBe(false);
    expect((await writes()).length).toBe(before);

    const pane = await taskPane(stack.page);
    await pane
      .getByRole("button", { name: /Add to InterAction|Retry/ })
      .first()
      .click();
    await eventually(async () => (await auth.auth()).signInWindowOpen, "the sign-in window to open again");
    await auth.answerSignIn("accept");
    await paneShows(/Synced with InterAction|Added to InterAction/);
    const added = (await writes()).slice(before);
    expect(added).toHaveLength(1);
    expect((await stack.api.meeting(added[0]!)).subject).toBe("Globex follow-up (closed window)");
  });

  test("an expired token is renewed silently; a revoked session asks the user to sign in again, in the pane only", async () => {
    // Tokens that expire within MSAL's renewal margin soon after they are cached.
    await stack.page.evaluate(() =>
      fetch("/__graph/token-lifetime", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessTokenSeconds: 420 }),
      }),
    );
    try {
      await wb.newMeeting({ subject: "Renewal check", start: at(7, 10), end: at(7, 11) });
      await wb.openTaskPane();
      await paneShows("Add to InterAction");
      const logStart = (await auth.auth()).bridgeLog.length;
      // Ten minutes later (the workbench clock moves the frames' Date): MSAL's cached token has expired.
      await wb.setNow(new Date(Date.parse(NOW) + 10 * 60_000).toISOString());
      const pane = await taskPane(stack.page);
      await pane.getByRole("button", { name: "Refresh" }).click();
      await wb.settle();
      const renewed = await bridgeSince(logStart);
      expect(
        renewed.filter((e) => e.frame === "taskpane" && e.method === "GetToken" && e.outcome === "token").length,
      ).toBeGreaterThan(0);
      expect(renewed.filter((e) => e.method === "GetTokenPopup")).toEqual([]);
      expect((await auth.auth()).signInWindowOpen).toBe(false);

      // The administrator revokes Alice's sessions; her next token needs her: the pane's sign-in window signs her in.
      await auth.revokeSignIn();
      await wb.setNow(new Date(Date.parse(NOW) + 20 * 60_000).toISOString());
      await pane.getByRole("button", { name: "Refresh" }).click();
      await eventually(async () => (await auth.auth()).signInWindowOpen, "the sign-in window after the revocation");
      await auth.answerSignIn("accept");
      await paneShows("Add to InterAction");
      await wb.discard();

      // An event meanwhile never prompts: it sends the user to the pane.
      await auth.revokeSignIn();
      await wb.setNow(new Date(Date.parse(NOW) + 30 * 60_000).toISOString());
      const eventLog = (await auth.auth()).bridgeLog.length;
      await wb.newMeeting({ subject: "Revoked, from an event", start: at(8, 10), end: at(8, 11) });
      await wb.clickRibbon("Add to InterAction");
      await wb.send();
      const fromEvents = (await bridgeSince(eventLog)).filter((e) => e.frame === "commands");
      expect(fromEvents.length).toBeGreaterThan(0);
      expect(fromEvents.filter((e) => e.method === "GetTokenPopup")).toEqual([]);
      const notices = (await wb.state()).notificationLog.map((n) => n.message ?? "").join(" ");
      expect(notices).toContain("Open the InterAction pane to sign in.");
    } finally {
      await stack.page.evaluate(() =>
        fetch("/__graph/token-lifetime", {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ accessTokenSeconds: null }),
        }),
      );
      await wb.setNow(NOW);
    }
  });

  test("user consent blocked and no admin consent yet: the pane names what the administrator must grant, and never prompts", async () => {
    await auth.signIn("dana@firm.example", "adminConsentRequired");
    const logStart = (await auth.auth()).bridgeLog.length;
    await wb.newMeeting({ subject: "Admin consent missing", start: at(9, 10), end: at(9, 11) });
    await wb.openTaskPane();
    await paneShows("administrator must grant admin consent");
    expect(await paneText(stack.page)).toContain("api://interaction.firm.example/access_as_user");
    expect((await bridgeSince(logStart)).filter((e) => e.method === "GetTokenPopup")).toEqual([]);
    await screenshot(stack.page, "naa-05-admin-consent");
    await wb.discard();
  });

  test("no token anywhere but MSAL's cache: custom properties, notifications, the outbox and storage, console, URLs", async () => {
    const jwt = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/;
    const st = await wb.state();
    const places = {
      customProperties: st.meetings.map((m) => m.customProperties),
      notifications: st.notificationLog,
      bridgeLog: (await auth.auth()).bridgeLog,
      urls: requestedUrls,
      console: consoleLines,
      // Every user's storage (outbox, history, settings, config), except MSAL's own cache entries.
      storage: await stack.page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => !/msal|accesstoken|idtoken|refreshtoken|account/i.test(k))
          .map((k) => [k, localStorage.getItem(k)]),
      ),
    };
    for (const [place, value] of Object.entries(places))
      expect([place, jwt.test(JSON.stringify(value))]).toEqual([place, false]);
    // And tokens did flow: the bridge handed some out during this suite.
    expect(places.bridgeLog.some((e) => e.outcome === "token")).toBe(true);
  });

  test("a host without nested app authentication: the pane signs in through the dialog fallback", async () => {
    await auth.setAuth("dialog");
    try {
      await auth.signIn("bob@firm.example");
      await wb.newMeeting({ subject: "Dialog fallback", start: at(10, 10), end: at(10, 11) });
      // No bridge and no NestedAppAuth 1.1 in the pane: its first token opens auth-dialog.html in a dialog window,
      // which signs in at the identity provider (MSAL's redirect flow) and hands the token back with messageParent.
      const dialogOpened = stack.context.waitForEvent("page", { timeout: 60_000 });
      await wb.openTaskPane();
      const dialog = await dialogOpened;
      await dialog.waitForSelector("input[name=password]", { timeout: 60_000 });
      await screenshot(dialog as unknown as Page, "naa-06-dialog-sign-in");
      await dialog.fill("input[name=login_hint]", "bob@firm.example");
      await dialog.fill("input[name=password]", "dev");
      await dialog.click("button[type=submit]");
      await dialog.waitForEvent("close", { timeout: 60_000 });
      await paneShows("Add to InterAction");
      const pane = await taskPane(stack.page);
      expect(await pane.getByTestId("sign-in").count()).toBe(0);
      const hasBridge = await pane.evaluate(() => "nestedAppAuthBridge" in window);
      expect(hasBridge).toBe(false);
      await wb.discard();
    } finally {
      await auth.setAuth("naa");
    }
  });
});
