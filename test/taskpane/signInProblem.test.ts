// The pane's sign-in bar shows for src/auth's sign-in failures (core's messages.signIn) and for nothing else: a
// sign-in problem is never reported as "InterAction can't be reached".
import { messages } from "../../src/core/messages";
import { isSignInProblem } from "../../src/taskpane/failures";

describe("which failures the pane offers to sign in for", () => {
  it("every sign-in sentence, the admin-consent one with any permission named", () => {
    for (const m of [
      messages.signIn.openPane,
      messages.signIn.windowClosed,
      messages.signIn.failed,
      messages.signIn.dialogBlocked,
      messages.signIn.dialogIncomplete,
      messages.signIn.adminConsent("api://interaction.firm.example/access_as_user"),
    ])
      expect([m, isSignInProblem(m)]).toEqual([m, true]);
  });

  it("not InterAction's own failures", () => {
    for (const m of [
      messages.interaction.network,
      messages.interaction.unauthorized,
      messages.failure.timeout,
      undefined,
    ])
      expect([m, isSignInProblem(m)]).toEqual([m, false]);
  });
});
