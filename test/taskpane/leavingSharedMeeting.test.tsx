/** @jest-environment jsdom */
// Issue 14, leaving a shared meeting, as the task pane says it: "never" on a meeting in InterAction, or an attendee's
// decline, removes this colleague's link (core/linkRemoval.ts), so the pane says what core's notice says (the link
// goes, colleagues keep the meeting), never "InterAction keeps the last version". The removal on its way (queued) or
// refused (parked) is still "Sync stopped", not "Sync error": nothing more is synced either way; a refused removal
// gets its reason and Retry. Each view's status is core's own derivation (deriveStatus), not a hand-picked one.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { checkEligibility } from "../../src/core/eligibility";
import { messages } from "../../src/core/messages";
import type { OutboxEntry } from "../../src/core/outbox";
import { deriveStatus } from "../../src/core/status";
import type { SyncState } from "../../src/core/syncState";
import type { MeetingView } from "../../src/taskpane/types";
import { addedState, NOW, record, renderPane, settings, snapshot, view } from "./fixtures";

const status = () => screen.getByTestId("sync-status");
const reason = () => screen.getByTestId("eligibility");

const outsideMeeting = (userResponse: "accepted" | "declined") =>
  snapshot({
    organizer: { email: "carol@acme.example", name: "Carol Chen" },
    role: "attendee",
    userResponse,
    user: { email: "bob@firm.example", name: "Bob Brown" },
  });

/** A view as loadMeetingView builds it: eligibility and status derived by core from the item and the outbox. */
const derivedView = (
  snap: ReturnType<typeof snapshot>,
  state: SyncState,
  outbox: OutboxEntry[] = [],
  over: Partial<MeetingView> = {},
): MeetingView => {
  const eligibility = checkEligibility(snap, state, settings);
  const derived = deriveStatus({ snapshot: snap, state, eligibility, outbox, now: NOW });
  return view({ snapshot: snap, state, eligibility, status: derived, outbox, record: record(), ...over });
};

const removal = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  op: { kind: "removeMeetingLink", idempotencyKey: "sk-1:x2:never", syncKey: "sk-1", revision: 2, reason: "never" },
  enqueuedAt: "2026-11-25T08:40:00.000Z",
  attempts: 1,
  notBefore: "2026-11-25T08:50:00.000Z",
  parked: false,
  ...over,
});

const neverRemoved = (delivered: boolean): SyncState =>
  addedState({
    addedBy: "attendee",
    mode: "never",
    linkRemoved: "never",
    revision: 2,
    deliveredRevision: delivered ? 2 : 1,
  });

describe("'never' on a meeting in InterAction", () => {
  it("once the link is removed: 'Sync stopped', with core's words that colleagues keep it", async () => {
    await renderPane(derivedView(outsideMeeting("accepted"), neverRemoved(true)));
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    expect(reason()).toHaveTextContent(messages.linkRemoval.never);
    expect(screen.queryByText(/keeps the last version/)).toBeNull();
    expect(screen.queryByTestId("sync-error")).toBeNull();
  });

  it("a removal waiting in the outbox is 'Sync stopped', not an error, and says it is on its way", async () => {
    const waiting = removal({ lastError: { message: "InterAction could not be reached.", retryable: true } });
    await renderPane(derivedView(outsideMeeting("accepted"), neverRemoved(false), [waiting]));
    expect(status()).toHaveAttribute("data-status", "stopped");
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    expect(reason()).toHaveTextContent(messages.linkRemoval.never);
    expect(screen.queryByTestId("sync-error")).toBeNull();
    expect(screen.queryByTestId("removal-refused")).toBeNull();
    expect(screen.getByTestId("queued")).toHaveTextContent("1 change is waiting to be sent to InterAction.");
  });

  it("a removal InterAction refused (parked) is 'Sync stopped' with the refusal and Retry, not 'Sync error'", async () => {
    const refused = removal({
      parked: true,
      attempts: 1,
      lastError: { message: "You are not allowed to change this meeting in InterAction.", retryable: false },
    });
    const { services } = await renderPane(derivedView(outsideMeeting("accepted"), neverRemoved(false), [refused]));
    expect(status()).toHaveAttribute("data-status", "stopped");
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    expect(status()).not.toHaveTextContent(/error/i);
    expect(screen.queryByTestId("sync-error")).toBeNull();
    expect(reason()).toHaveTextContent(messages.linkRemoval.never);
    const bar = screen.getByTestId("removal-refused");
    expect(bar).toHaveTextContent(
      messages.failure.parked("You are not allowed to change this meeting in InterAction."),
    );
    // The waiting line would contradict the refusal: the bar says what is left to do.
    expect(screen.queryByTestId("queued")).toBeNull();
    await userEvent.click(within(bar).getByRole("button", { name: "Retry" }));
    expect(services.retry).toHaveBeenCalledTimes(1);
  });

  it("an activity frozen in InterAction keeps its last version: no link is removed, so it says so", async () => {
    const frozen = addedState({ addedBy: "attendee", mode: "never", frozen: true });
    await renderPane(derivedView(outsideMeeting("accepted"), frozen));
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    expect(reason()).toHaveTextContent("You chose never to sync it. InterAction keeps the last version it received.");
    expect(screen.queryByText(messages.linkRemoval.never)).toBeNull();
  });
});

describe("an attendee who declines a meeting they added", () => {
  it("before the removal is even planned (the item as read), the pane already says the link goes", async () => {
    await renderPane(derivedView(outsideMeeting("declined"), addedState({ addedBy: "attendee" })));
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    expect(reason()).toHaveTextContent(messages.linkRemoval.left);
  });

  it("a cancelled meeting is not removed for them: InterAction keeps its last synced version", async () => {
    await renderPane(derivedView(outsideMeeting("declined"), addedState({ addedBy: "attendee", cancelled: true })));
    expect(status()).toHaveTextContent(/^Sync stopped$/);
    expect(reason()).toHaveTextContent("You declined the meeting. InterAction keeps its last synced version.");
  });
});
