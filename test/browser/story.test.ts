// The product story of "InterAction Meeting Sync for Outlook", step by step, in real Chromium: the simulated Outlook
// (dev/workbench) runs the real built task pane and commands bundle against a fresh InterAction sandbox. Every step
// checks what InterAction stored (the sandbox's API and request log) and what the user sees (Outlook's notification
// bar, the task pane), runs axe-core on the task pane states and keeps screenshots under test-artifacts/.
// The steps live in ./story/ by chapter; they run here, in this order, on one stack.
import { browserSuite } from "./support/stack";
import { addingMeetings } from "./story/addingMeetings";
import { changesDocumentsCancel } from "./story/changesDocumentsCancel";
import { paneAndAttendees } from "./story/paneAndAttendees";
import { searchOutagePast } from "./story/searchOutagePast";
import { Story } from "./story/world";

jest.setTimeout(180_000);

browserSuite("InterAction Meeting Sync in Outlook (workbench, real bundles, sandbox)", () => {
  const story = new Story();

  beforeAll(() => story.start(), 120_000);

  afterAll(async () => {
    await story.stack?.close();
  });

  // Every step starts from the calendar, signed in as Alice, with InterAction up.
  beforeEach(async () => {
    await story.wb.close();
    await story.wb.signIn("alice@firm.example");
    await story.stack.api.faults([]);
  });

  addingMeetings(story);
  paneAndAttendees(story);
  changesDocumentsCancel(story);
  searchOutagePast(story);

  test("the task pane has no axe-core accessibility violations in any state of the story", () => {
    const { axeFindings } = story;
    expect(axeFindings.length).toBeGreaterThanOrEqual(8);
    expect(axeFindings.filter((f) => f.violations.length > 0)).toEqual([]);
  });

  test("the add-in ran without script errors in any frame", () => {
    const { stack } = story;
    expect(stack.consoleErrors).toEqual([]);
  });
});
