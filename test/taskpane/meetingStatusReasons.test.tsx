/** @jest-environment jsdom */
// The status line says why: changes still on their way, why syncing stopped, eligibility in plain words, why the
// firm rules added a meeting (or not); and the meeting's content is shown as text, never HTML.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { addedState, record, renderPane, snapshot, view } from "./fixtures";
const status = () => screen.getByTestId("sync-status");
const addButton = () => screen.getByTestId("add-button");

describe("committed changes that have not reached InterAction yet", () => {
  const queuedEntry = {
    op: {
      kind: "upsertMeeting" as const,
      idempotencyKey: "sk-1:r2",
      syncKey: "sk-1",
      revision: 2,
      payload: {} as never,
    },
    enqueuedAt: "2026-11-25T08:40:00.000Z",
    attempts: 2,
    notBefore: "2026-11-25T08:50:00.000Z",
    lastError: { message: "InterAction could not be reached.", retryable: true },
    parked: false,
  };

  it("a sent change waiting in the outbox is not 'save or send': it is retried, with Retry", async () => {
    const { services } = await renderPane(
      view({ status: "pending", state: addedState({ revision: 2 }), outbox: [queuedEntry] }),
    );
    expect(status()).toHaveTextContent("Waiting to reach InterAction: the change is kept and retried automatically");
    expect(status()).not.toHaveTextContent(/save or send/);
    const bar = screen.getByTestId("undelivered");
    expect(bar).toHaveTextContent("The last attempt failed: InterAction could not be reached.");
    await userEvent.click(within(bar).getByRole("button", { name: "Retry" }));
    expect(services.retry).toHaveBeenCalledTimes(1);
  });

  it("a new meeting sent while InterAction was unreachable is waiting, and Add is not offered", async () => {
    await renderPane(
      view({
        status: "pending",
        snapshot: snapshot({ isNew: false }),
        state: { ...addedState({ revision: 0, syncKey: undefined }), needsReconcile: true },
      }),
    );
    expect(status()).toHaveTextContent(/^Waiting to reach InterAction/);
    expect(addButton()).toBeDisabled();
    expect(addButton()).toHaveTextContent("Waiting for InterAction");
    expect(screen.getByTestId("retry-button")).toBeEnabled();
  });

  it("uncommitted edits alone keep 'when you save or send', with no Retry", async () => {
    await renderPane(view({ status: "pending", state: addedState({ pendingChanges: true }), record: record() }));
    expect(status()).toHaveTextContent(/save or send/);
    expect(screen.queryByTestId("retry-button")).toBeNull();
  });
});

describe("a meeting that stopped syncing says why, once", () => {
  it("an attendee who declined after it was synced sees 'Sync stopped' and that they declined", async () => {
    await renderPane(
      view({
        status: "stopped",
        snapshot: snapshot({ role: "attendee", userResponse: "declined" }),
        state: addedState({ addedBy: "attendee" }),
        eligibility: { eligible: false, reason: "notAccepted", message: "core message" },
        record: record(),
      }),
    );
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    // Issue 14: the decline removes their link (core/linkRemoval.ts); "InterAction keeps its last synced version"
    // was untrue for them (leavingSharedMeeting.test.tsx has the cases where it still holds).
    expect(screen.getByTestId("eligibility")).toHaveTextContent(
      "You declined this meeting, so it is removed from InterAction for you; colleagues who added it keep it.",
    );
    expect(screen.queryByText(/Accept or tentatively accept/)).toBeNull();
  });
});

describe("eligibility in plain words", () => {
  const cases = [
    ["recurring", /Recurring meetings can't be added to InterAction/],
    ["private", /Private meetings can't be added to InterAction/],
    ["internalMeeting", /comes from a colleague inside the firm/],
    ["notAccepted", /Accept or tentatively accept this meeting first/],
    ["syncDisabled", /turned calendar sync off/],
    ["neverMode", /You chose never to sync this meeting/],
  ] as const;
  it.each(cases)("a %s meeting is refused with its reason and no Add", async (reason, text) => {
    await renderPane(view({ status: "ineligible", eligibility: { eligible: false, reason, message: "core message" } }));
    expect(screen.getByTestId("eligibility")).toHaveTextContent(text);
    expect(status()).toHaveTextContent(/^Can't be added to InterAction$/);
    expect(screen.getAllByText(text)).toHaveLength(1);
    expect(addButton()).toBeDisabled();
  });
});

describe("an outside meeting whose response Outlook can't show (invited through a group)", () => {
  const note = "Outlook doesn't show your response to this meeting. Add it only if you attend.";
  const invitedThroughGroup = (over: Parameters<typeof view>[0] = {}) =>
    view({
      status: "notAdded",
      snapshot: snapshot({ role: "attendee", userResponse: "unknown" }),
      eligibility: { eligible: true, note },
      ...over,
    });

  it("can be added, with the note shown before the user decides", async () => {
    await renderPane(invitedThroughGroup());
    expect(screen.getByTestId("eligibility-note")).toHaveTextContent(note);
    expect(addButton()).toBeEnabled();
  });

  it("once added, the note is gone", async () => {
    await renderPane(invitedThroughGroup({ status: "synced", state: addedState() }));
    expect(screen.queryByTestId("eligibility-note")).toBeNull();
  });
});

describe("why the firm rules added it (or not)", () => {
  it("shows the explanation and the matching attendees", async () => {
    await renderPane(view());
    expect(screen.getByTestId("rules-decision")).toHaveTextContent(
      "Firm rules will add this meeting when it is sent, because:",
    );
    expect(
      screen.getByText("Carol Chen (carol@acme.example) works for Acme Corporation, a Top Client"),
    ).toBeInTheDocument();
    // Before the send nothing was added yet (no past tense), and the match is listed once.
    const rules = screen.getByTestId("rules");
    expect(rules).not.toHaveTextContent(/Added because/);
    expect(rules.textContent?.match(/Top Client/g)).toHaveLength(1);
  });

  it("a meeting the rules added on send keeps saying why", async () => {
    await renderPane(
      view({
        status: "synced",
        state: addedState({
          autoAddedBecause: "Added because carol@acme.example works for Acme Corporation, a Top Client.",
        }),
        record: record(),
      }),
    );
    expect(screen.queryByTestId("rules-decision")).toBeNull();
    expect(screen.getByTestId("rules-added-because")).toHaveTextContent(
      "The firm rules added this meeting when it was sent, because carol@acme.example works for Acme Corporation, a Top Client.",
    );
  });

  it("says when the rules don't add it", async () => {
    await renderPane(
      view({
        autoAdd: { add: false, explanation: "Not added automatically: this meeting is set to manual.", matches: [] },
      }),
    );
    expect(screen.getByTestId("rules-decision")).toHaveTextContent("Firm rules don't add this meeting");
    expect(screen.getByTestId("rules-explanation")).toHaveTextContent("set to manual");
  });
});

describe("meeting content is text, never HTML", () => {
  it("a <script> subject, location and attendee name render as text", async () => {
    const evil = "<script>window.__pwned = 1</script><img src=x onerror=alert(1)>";
    const { rendered } = await renderPane(
      view({
        snapshot: snapshot({
          subject: evil,
          location: "<b>Room</b>",
          attendees: [{ email: "x@evil.example", name: "<i>Mallory</i>", type: "required", response: "none" }],
        }),
      }),
    );
    expect(screen.getByTestId("meeting-subject").textContent).toBe(evil);
    expect(rendered.container.querySelector("script")).toBeNull();
    expect(rendered.container.querySelector("img")).toBeNull();
    expect(rendered.container.querySelector("b")).toBeNull();
    expect(screen.getByText(/<i>Mallory<\/i>/)).toBeInTheDocument();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
