// Signing in as in production, in real Chromium: the workbench plays an Outlook with nested app authentication
// (`auth: naa`): window.nestedAppAuthBridge in the task pane and in every event frame, answered with the signed-in
// user's tokens from the local identity provider (dev/graph), which the InterAction sandbox trusts as a firm's gateway
// trusts Microsoft Entra ID. The real built add-in runs MSAL's nested app authentication against it end to end: Add
// from the pane, the firm rules on send in an event frame, the client search; a silent renewal and a revoked session;
// and on a host without NAA, the dialog fallback (an event queues and points to the pane, which signs in in a dialog).
// No token leaves MSAL's cache in either. Consent: naaConsent.test.ts.
import type { Page } from "playwright-core";
import { at, NAA_NOW, startNaaWorld, type NaaWorld } from "./support/naa";
import { browserSuite, eventually, screenshot, taskPane } from "./support/stack";

jest.setTimeout(180_000);

browserSuite("signing in with nested app authentication (workbench auth: naa)", () => {
  let world: NaaWorld;
  let stack: NaaWorld["stack"];
  let wb: NaaWorld["wb"];
  let auth: NaaWorld["auth"];
  const writes = () => world.writes();
  const paneShows = (text: string | RegExp) => world.paneShows(text);
  const bridgeSince = (n: number) => world.bridgeSince(n);

  beforeAll(async () => {
    world = await startNaaWorld();
    ({ stack, wb, auth } = world);
  }, 120_000);

  afterAll(async () => {
    await world?.stack.close();
  });

  // Every test starts from the same place, whichever ran before (support/naa.ts freshStart).
  beforeEach(() => world.freshStart());

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
    await world.expectNoTokenLeak();
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
      // A meeting in InterAction (added on send by the firm rules): the pane's Refresh reads it there.
      await wb.newMeeting({
        subject: "Renewal check",
        start: at(7, 10),
        end: at(7, 11),
        requiredAttendees: ["carol@acme.example"],
      });
      const { meetingId } = await wb.send();
      await wb.open(meetingId);
      await wb.openTaskPane();
      await paneShows(/Synced with InterAction|Added to InterAction/);
      const logStart = (await auth.auth()).bridgeLog.length;
      // Ten minutes later (the workbench clock moves the frames' Date): MSAL's cached token has expired.
      await wb.setNow(new Date(Date.parse(NAA_NOW) + 10 * 60_000).toISOString());
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
      await wb.setNow(new Date(Date.parse(NAA_NOW) + 20 * 60_000).toISOString());
      await pane.getByRole("button", { name: "Refresh" }).click();
      await eventually(async () => (await auth.auth()).signInWindowOpen, "the sign-in window after the revocation");
      await auth.answerSignIn("accept");
      await paneShows(/Synced with InterAction|Added to InterAction/);
      await wb.close();

      // An event meanwhile never prompts: it sends the user to the pane.
      await auth.revokeSignIn();
      await wb.setNow(new Date(Date.parse(NAA_NOW) + 30 * 60_000).toISOString());
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
      await wb.setNow(NAA_NOW);
    }
  });

  test("a host without nested app authentication: an event queues and points to the pane, which signs in through the dialog fallback", async () => {
    await auth.setAuth("dialog");
    try {
      await auth.signIn("bob@firm.example");
      const before = (await writes()).length;
      const windowsBefore = stack.context.pages().length;
      // Added from the ribbon and sent: the send event needs a token, and an event cannot open a dialog (the dialog
      // API is not supported in event-based activation), so the add waits and the notification points to the pane.
      await wb.newMeeting({ subject: "Dialog fallback", start: at(10, 10), end: at(10, 11) });
      await wb.clickRibbon("Add to InterAction");
      const { meetingId } = await wb.send();
      expect(stack.context.pages()).toHaveLength(windowsBefore);
      expect(await writes()).toHaveLength(before);
      const notices = (await wb.state()).notificationLog.map((n) => n.message ?? "").join(" ");
      expect(notices).toContain("Open the InterAction pane to sign in.");
      await wb.open(meetingId);
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
      // Signed in, the pane delivers what the event queued.
      await paneShows(/Synced with InterAction|Added to InterAction/);
      const added = (await writes()).slice(before);
      expect(added).toHaveLength(1);
      expect((await stack.api.meeting(added[0]!, "bob@firm.example")).subject).toBe("Dialog fallback");
      const pane = await taskPane(stack.page);
      expect(await pane.getByTestId("sign-in").count()).toBe(0);
      const hasBridge = await pane.evaluate(() => "nestedAppAuthBridge" in window);
      expect(hasBridge).toBe(false);
      await wb.close();
      // The dialog's token reached the pane through messageParent and stayed in MSAL's cache.
      await world.expectNoTokenLeak();
    } finally {
      await auth.setAuth("naa");
    }
  });
});
