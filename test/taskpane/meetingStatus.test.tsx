/** @jest-environment jsdom */
// The status line of the open meeting is always truthful, for every status the sync layer reports.
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { messages } from "../../src/core/messages";
import { InterActionError } from "../../src/sync/errors";
import { addedState, outcome, record, renderPane, snapshot, view } from "./fixtures";
const status = () => screen.getByTestId("sync-status");
const addButton = () => screen.getByTestId("add-button");

describe("the meeting's InterAction status", () => {
  it("a meeting nobody added says so and offers Add to InterAction", async () => {
    await renderPane(view({ status: "notAdded" }));
    expect(status()).toHaveTextContent("Not added to InterAction");
    expect(addButton()).toHaveTextContent("Add to InterAction");
    expect(addButton()).toBeEnabled();
    expect(screen.getByRole("button", { name: "Add to InterAction" })).toBe(addButton());
  });

  it("a new meeting the user added is added when it is sent, and the pane says a discard leaks nothing", async () => {
    await renderPane(
      view({
        status: "willAddOnSend",
        snapshot: snapshot({ isNew: true }),
        state: { ...addedState({ revision: 0, syncKey: undefined }), addRequested: true },
      }),
    );
    expect(status()).toHaveTextContent("Will be added to InterAction when you send the meeting");
    expect(addButton()).toBeDisabled();
    expect(addButton()).toHaveTextContent("Will be added on send");
  });

  it("a new meeting that can be added explains it is added on send", async () => {
    await renderPane(view({ status: "notAdded", snapshot: snapshot({ isNew: true }) }));
    expect(screen.getByText(/If you discard it, nothing reaches InterAction/)).toBeInTheDocument();
  });

  it("uncommitted edits of an added meeting show as pending changes", async () => {
    await renderPane(view({ status: "pending", state: addedState({ pendingChanges: true }), record: record() }));
    expect(status()).toHaveTextContent("Pending changes: they reach InterAction when you save or send the meeting");
    expect(addButton()).toHaveTextContent("Added to InterAction");
    expect(addButton()).toBeDisabled();
  });

  it("a synced meeting says when InterAction last confirmed it, in the user's locale and time zone", async () => {
    await renderPane(view({ status: "synced", state: addedState(), record: record() }));
    expect(status()).toHaveTextContent("Synced with InterAction Nov 25, 2026, 8:30 AM");
    expect(status()).toHaveAttribute("data-status", "synced");
  });

  it("a past meeting is an activity that keeps syncing until the end of its window", async () => {
    await renderPane(
      view({ status: "activity", state: addedState({ kind: "activity" }), record: record({ kind: "activity" }) }),
    );
    expect(status()).toHaveTextContent("Activity in InterAction, syncing until Dec 14, 2026");
  });

  it("an attendee's activity says only its organizer's changes are synced, not 'syncing until'", async () => {
    // The view judged this copy blocked (core/lifecycle.ts blockedForGood): InterAction takes no more of its changes.
    await renderPane(
      view({
        status: "activity",
        blocked: "organizerOnly",
        snapshot: snapshot({ role: "attendee", userResponse: "accepted" }),
        state: addedState({ kind: "activity", addedBy: "attendee" }),
        record: record({ kind: "activity" }),
        notice: { key: "sync", kind: "info", message: messages.lifecycle.organizerOnly },
      }),
    );
    expect(status()).toHaveTextContent(messages.lifecycle.organizerOnly);
    expect(status()).toHaveAttribute("data-status", "activity");
    expect(status()).not.toHaveTextContent(/syncing until/);
    // Said once: the view's notice carries the same sentence and is not shown again beside the status line.
    expect(screen.getAllByText(messages.lifecycle.organizerOnly)).toHaveLength(1);
  });

  it("after the window the activity is frozen", async () => {
    await renderPane(view({ status: "frozen", state: addedState({ frozen: true }), record: record({ frozen: true }) }));
    expect(status()).toHaveTextContent("Frozen in InterAction: its sync window ended Dec 14, 2026");
  });

  it("a cancelled meeting shows as cancelled in InterAction", async () => {
    await renderPane(
      view({ status: "cancelled", state: addedState({ cancelled: true }), record: record({ status: "cancelled" }) }),
    );
    expect(status()).toHaveTextContent("Cancelled in InterAction");
  });

  it("a meeting that stopped syncing because it became recurring says why", async () => {
    await renderPane(
      view({
        status: "stopped",
        state: addedState({ stoppedReason: "recurring" }),
        eligibility: {
          eligible: false,
          reason: "recurring",
          message: "Recurring meetings can't be added to InterAction.",
        },
      }),
    );
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    expect(screen.getByTestId("eligibility")).toHaveTextContent("The meeting became recurring");
  });

  it("a refused change shows the error with InterAction's reason and a Retry that reaches the controller", async () => {
    const refused = view({
      status: "error",
      state: addedState({ revision: 2 }),
      outbox: [
        {
          op: { kind: "upsertMeeting", idempotencyKey: "sk-1:r2", syncKey: "sk-1", revision: 2, payload: {} as never },
          enqueuedAt: "2026-11-25T08:40:00.000Z",
          attempts: 1,
          notBefore: "2026-11-25T08:40:00.000Z",
          lastError: { message: "Only the organizer can change this activity.", retryable: false, status: 403 },
          parked: true,
        },
      ],
    });
    const { services } = await renderPane(refused);
    expect(status()).toHaveTextContent("Sync error: InterAction refused the change");
    const error = screen.getByTestId("sync-error");
    expect(error).toHaveTextContent("Only the organizer can change this activity.");
    // The reason is shown once: in the bar, not again in the status line.
    expect(screen.getAllByText(/Only the organizer can change this activity/)).toHaveLength(1);

    services.current = view({
      status: "synced",
      state: addedState({ revision: 2, deliveredRevision: 2 }),
      record: record({ revision: 2 }),
    });
    await userEvent.click(within(error).getByRole("button", { name: "Retry" }));
    await act(async () => undefined);
    expect(services.retry).toHaveBeenCalledTimes(1);
    expect(status()).toHaveTextContent("Synced with InterAction");
    expect(screen.queryByTestId("sync-error")).toBeNull();
  });

  it("a failed add shows the reason and Retry", async () => {
    const { services } = await renderPane(view());
    services.add.mockRejectedValueOnce(
      new InterActionError("forbidden", "You may not add another user's meeting.", false, 403),
    );
    await userEvent.click(addButton());
    expect(await screen.findByTestId("sync-error")).toHaveTextContent("You may not add another user's meeting.");
    expect(screen.getByTestId("retry-button")).toHaveTextContent("Retry");
  });

  it("Add to InterAction reaches the controller and the status follows the sync layer", async () => {
    const { services } = await renderPane(view());
    services.add.mockImplementationOnce(async () => {
      services.current = view({ status: "synced", state: addedState(), record: record() });
      return outcome();
    });
    await userEvent.click(addButton());
    expect(services.add).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(/Synced with InterAction/)).toBe(status());
    expect(addButton()).toHaveTextContent("Added to InterAction");
  });

  it("changes waiting in the outbox are counted", async () => {
    const entry = {
      op: {
        kind: "upsertMeeting" as const,
        idempotencyKey: "sk-1:r2",
        syncKey: "sk-1",
        revision: 2,
        payload: {} as never,
      },
      enqueuedAt: "2026-11-25T08:40:00.000Z",
      attempts: 0,
      notBefore: "2026-11-25T08:40:00.000Z",
      parked: false,
    };
    await renderPane(view({ status: "pending", state: addedState({ revision: 2 }), outbox: [entry] }));
    expect(screen.getByTestId("queued")).toHaveTextContent("1 change is waiting to be sent to InterAction.");
  });
});
