/** @jest-environment jsdom */
// The sync service keeps a meeting in step without writing to the mailbox: the pane learns it from InterAction's
// record (its deliveries) and says so, and lists the service's deliveries in the history beside this device's sends.
import { screen, within } from "@testing-library/react";
import { addedState, record, renderPane, view } from "./fixtures";

const sent = {
  at: "2026-11-24T10:00:00.000Z",
  action: "create" as const,
  revision: 1,
  result: "delivered" as const,
  message: "",
};

describe("kept in step by the firm's sync service", () => {
  it("the service wrote last: the pane says so with the time, and its deliveries are in the history", async () => {
    await renderPane(
      view({
        status: "synced",
        state: addedState({ revision: 1 }),
        record: record({
          revision: 3,
          deliveries: [
            { at: "2026-11-25T08:04:00.000Z", revision: 3, by: "syncService" },
            { at: "2026-11-24T10:00:00.000Z", revision: 1, by: "addin" },
            { at: "2026-11-24T15:00:00.000Z", revision: 2, by: "syncService" },
          ],
        }),
        history: [sent],
      }),
    );
    expect(screen.getByTestId("kept-in-step")).toHaveTextContent(
      "Kept in step by your firm's sync service, last change at Nov 25, 2026, 8:04 AM.",
    );
    const entries = within(screen.getByTestId("history")).getAllByTestId("history-entry");
    expect(entries.map((e) => e.dataset.action)).toEqual(["service", "service", "create"]);
    expect(entries[0]).toHaveTextContent(
      "Nov 25, 2026, 8:04 AM Meeting updated (revision 3) by your firm's sync service.",
    );
    expect(entries[1]).toHaveTextContent("Meeting updated (revision 2) by your firm's sync service.");
    expect(entries[2]).toHaveTextContent("Meeting added (revision 1) — sent");
  });

  it("the add-in wrote last, or InterAction records no deliveries: no such sentence", async () => {
    await renderPane(
      view({
        status: "synced",
        state: addedState({ revision: 2 }),
        record: record({
          deliveries: [
            { at: "2026-11-24T15:00:00.000Z", revision: 2, by: "syncService" },
            { at: "2026-11-25T08:00:00.000Z", revision: 3, by: "addin" },
          ],
        }),
        history: [sent],
      }),
    );
    expect(screen.queryByTestId("kept-in-step")).toBeNull();
    expect(within(screen.getByTestId("history")).getAllByTestId("history-entry")).toHaveLength(2);
  });
});
