// The product story on one stack, chapter by chapter, signed in one way: story.test.ts runs it with the sandbox's dev
// tokens, naaStory.test.ts with nested app authentication as in production (the workbench's signIn leaves each user
// consented, so every chapter reads the same). The dialog fallback asks for a password in a window of its own:
// naa.test.ts covers it, not the story.
import { browserSuite } from "../support/stack";
import { addingMeetings } from "./addingMeetings";
import { changesDocumentsCancel } from "./changesDocumentsCancel";
import { paneAndAttendees } from "./paneAndAttendees";
import { searchOutagePast } from "./searchOutagePast";
import { Story, type StoryAuth } from "./world";

export function storySuite(title: string, auth: StoryAuth): void {
  browserSuite(title, () => {
    const story = new Story(auth);

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
}
