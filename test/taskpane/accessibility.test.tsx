/** @jest-environment jsdom */
// axe-core on the pane's states in jsdom (colour contrast needs a real browser: the browser suite checks it).
import axe from "axe-core";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { addedState, record, renderPane, snapshot, view } from "./fixtures";

jest.setTimeout(60_000);

async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    rules: {
      "color-contrast": { enabled: false },
      region: { enabled: true },
      // Experimental in axe, but the browser suite runs it: visible text must be part of the accessible name.
      "label-content-name-mismatch": { enabled: true },
    },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("accessibility", () => {
  it("a meeting that can be added has no axe violations", async () => {
    await renderPane(view({ snapshot: snapshot({ attachments: [] }) }));
    expect(await violations()).toEqual([]);
  });

  it("a synced meeting with an unresolved attendee, documents and history has no axe violations", async () => {
    await renderPane(
      view({
        status: "synced",
        state: addedState(),
        record: record(),
        documents: [
          { attachmentId: "a1", name: "agenda.pdf", size: 1000, contentType: "application/pdf", state: "uploaded" },
        ],
        history: [
          { at: "2026-11-25T08:30:00.000Z", action: "create", revision: 1, result: "delivered", message: "Added." },
        ],
      }),
    );
    expect(await violations()).toEqual([]);
  });

  it("an error with Retry has no axe violations", async () => {
    await renderPane(
      view({
        status: "error",
        state: addedState({ revision: 2 }),
        record: record(),
        outbox: [
          {
            op: {
              kind: "upsertMeeting",
              idempotencyKey: "sk-1:r2",
              syncKey: "sk-1",
              revision: 2,
              payload: {} as never,
            },
            enqueuedAt: "2026-11-25T08:40:00.000Z",
            attempts: 1,
            notBefore: "2026-11-25T08:40:00.000Z",
            lastError: { message: "Only the organizer can change this activity.", retryable: false, status: 403 },
            parked: true,
          },
        ],
      }),
    );
    expect(screen.getByTestId("sync-error")).toHaveTextContent("Only the organizer can change this activity.");
    expect(screen.getByRole("button", { name: "Retry" })).toBeEnabled();
    expect(await violations()).toEqual([]);
  });

  it("a refused meeting has no axe violations", async () => {
    await renderPane(view({ status: "ineligible", eligibility: { eligible: false, reason: "private", message: "" } }));
    expect(screen.getByTestId("eligibility")).toBeInTheDocument();
    expect(await violations()).toEqual([]);
  });

  it("the loading skeleton has no axe violations", async () => {
    await renderPane(view(), { start: false });
    expect(screen.getByTestId("loading")).toBeInTheDocument();
    expect(await violations()).toEqual([]);
  });

  it("InterAction unreachable has no axe violations", async () => {
    await renderPane(view({ error: { message: "InterAction could not be reached.", retryable: true } }));
    expect(screen.getByTestId("unreachable")).toBeInTheDocument();
    expect(await violations()).toEqual([]);
  });

  it("client meetings with search results have no axe violations", async () => {
    const { services } = await renderPane(view(), { debounceMs: 0 });
    services.companyMeetings.mockResolvedValue({
      colleagueCount: 1,
      total: 1,
      items: [
        {
          id: "m1",
          subject: "Review",
          start: "2026-11-30T15:00:00.000Z",
          end: "2026-11-30T16:00:00.000Z",
          contacts: [{ name: "Carol", email: "carol@acme.example" }],
          colleagues: [{ name: "Alice", email: "alice@firm.example" }],
        },
      ],
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole("tab", { name: "Client meetings" }));
    await user.type(await screen.findByTestId("company-search"), "Acme");
    await screen.findByRole("option", { name: "Acme Corporation (acme.example)" });
    expect(await violations()).toEqual([]);
    await user.keyboard("{ArrowDown}{Enter}");
    await screen.findByTestId("colleague-count");
    expect(await violations()).toEqual([]);
  });

  it("client meetings while later pages load, and after one failed, have no axe violations", async () => {
    const { services } = await renderPane(view(), { debounceMs: 0 });
    const meeting = (i: number) => ({
      id: `m${i}`,
      subject: `Review ${i}`,
      start: "2026-11-30T15:00:00.000Z",
      end: "2026-11-30T16:00:00.000Z",
      contacts: [{ name: "Carol", email: "carol@acme.example" }],
      colleagues: [{ name: "Alice", email: "alice@firm.example" }],
    });
    let failLater!: (e: Error) => void;
    services.companyMeetings
      .mockResolvedValueOnce({ colleagueCount: 1, total: 60, items: Array.from({ length: 50 }, (_, i) => meeting(i)) })
      .mockImplementationOnce(() => new Promise((_, reject) => (failLater = reject)));
    const user = userEvent.setup();
    await user.click(screen.getByRole("tab", { name: "Client meetings" }));
    await user.type(await screen.findByTestId("company-search"), "Acme");
    await screen.findByRole("option", { name: "Acme Corporation (acme.example)" });
    await user.keyboard("{ArrowDown}{Enter}");
    expect(await screen.findByText("50 of 60 meetings loaded. Loading more…")).toHaveAttribute("aria-live", "polite");
    expect(await violations()).toEqual([]);
    await act(async () => failLater(new Error("InterAction had a problem.")));
    expect(screen.getByRole("alert")).toHaveTextContent("The rest of the meetings couldn't be loaded");
    expect(await violations()).toEqual([]);
  });
});
