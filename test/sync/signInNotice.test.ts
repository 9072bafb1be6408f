// On send without cached firm settings, when InterAction refused the settings for want of a sign-in (an event has no
// token and may not prompt; only an administrator can grant), the notice says what to do, not "can't be reached":
// the change waits in the item's state and syncs once signed in.
import { describe, expect, test } from "@jest/globals";
import { messages } from "../../src/core/messages";
import { isSignInMessage } from "../../src/core/notice";
import { InterActionError } from "../../src/sync/errors";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness } from "../support/fakes";

const adminConsent = messages.signIn.adminConsent("api://interaction.firm.example/access_as_user");

describe("send without cached settings", () => {
  test.each([
    ["no silent token in the event", messages.signIn.openPane],
    ["admin consent missing", adminConsent],
  ])("%s: the notice is the sign-in sentence, and the meeting is remembered", async (_name, reason) => {
    const h = createHarness({ settings: { autoAddContactTypeIds: [] } });
    // As src/auth refuses a token: retryable, the outbox keeps the change until a sign-in succeeds.
    h.api.fail("*", new InterActionError("unauthorized", reason, true), 50);
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.notice).toEqual({ key: "pending", kind: "warning", message: reason });
    expect(sent.status).toBe("pending");
    expect(h.stateStore.state).toMatchObject({ needsReconcile: true });
  });

  test("InterAction unreachable: the notice still says it can't be reached", async () => {
    const h = createHarness({ settings: { autoAddContactTypeIds: [] } });
    h.api.fail("*", apiError("network"), 50);
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.notice?.message).toBe(messages.pending.settingsUnavailable);
  });
});

test("isSignInMessage knows every sign-in sentence and nothing else", () => {
  for (const m of [messages.signIn.openPane, messages.signIn.windowClosed, messages.signIn.failed, adminConsent])
    expect(isSignInMessage(m)).toBe(true);
  for (const m of [undefined, "", messages.pending.settingsUnavailable, "InterAction error: network."])
    expect(isSignInMessage(m)).toBe(false);
});
