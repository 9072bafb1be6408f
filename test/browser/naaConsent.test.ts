// Consent as a firm's users meet it, with nested app authentication in real Chromium (see naa.test.ts for the world):
// first-time consent in the pane's sign-in window (an event never prompts), a closed sign-in window (a clear message,
// nothing lost, Retry signs in and delivers), and user consent blocked with no administrator's grant yet (the pane
// names what the administrator must grant, and never prompts).
import { at, startNaaWorld, type NaaWorld } from "./support/naa";
import { browserSuite, eventually, paneText, screenshot, taskPane } from "./support/stack";

jest.setTimeout(180_000);

browserSuite("consent with nested app authentication (workbench auth: naa)", () => {
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
    // The firm rules add it on send (a Top Client attendee); the event frame cannot ask Dana for consent, so the add
    // waits in the outbox and the notification points to the pane.
    await wb.newMeeting({
      subject: "Acme follow-up (closed window)",
      start: at(6, 10),
      end: at(6, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    const { meetingId } = await wb.send();
    await wb.open(meetingId);
    await wb.openTaskPane();
    await eventually(async () => (await auth.auth()).signInWindowOpen, "the sign-in window to open");
    await auth.answerSignIn("close");
    await paneShows("The sign-in window was closed. Nothing was lost: press Retry to sign in.");
    await screenshot(stack.page, "naa-04-window-closed");
    // No window comes back by itself, and nothing reached InterAction.
    await wb.settle();
    expect((await auth.auth()).signInWindowOpen).toBe(false);
    expect((await writes()).length).toBe(before);

    const pane = await taskPane(stack.page);
    await pane.getByRole("button", { name: "Retry" }).first().click();
    await eventually(async () => (await auth.auth()).signInWindowOpen, "the sign-in window to open again");
    await auth.answerSignIn("accept");
    await paneShows(/Synced with InterAction|Added to InterAction/);
    const added = (await writes()).slice(before);
    expect(added).toHaveLength(1);
    expect((await stack.api.meeting(added[0]!, "dana@firm.example")).subject).toBe("Acme follow-up (closed window)");
  });

  test("user consent blocked and no admin consent yet: the pane names what the administrator must grant, and never prompts", async () => {
    await auth.signIn("dana@firm.example", "adminConsentRequired");
    const logStart = (await auth.auth()).bridgeLog.length;
    // Sent with a Top Client attendee: the event frame's silent call is refused, the add waits in the outbox; the pane
    // then needs a token to deliver it (a draft's pane may need none while its settings are cached).
    await wb.newMeeting({
      subject: "Admin consent missing",
      start: at(9, 10),
      end: at(9, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    const { meetingId } = await wb.send();
    await wb.open(meetingId);
    await wb.openTaskPane();
    await paneShows("administrator must grant admin consent");
    expect(await paneText(stack.page)).toContain("api://interaction.firm.example/access_as_user");
    expect((await bridgeSince(logStart)).filter((e) => e.method === "GetTokenPopup")).toEqual([]);
    await screenshot(stack.page, "naa-05-admin-consent");
    await wb.close();
  });
});
