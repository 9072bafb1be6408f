/** @jest-environment jsdom */
// One meeting, one record (issue 14): InterAction's answer names the other colleagues who added the same meeting, and
// the pane says so under the status line ("Also added by Bob Lee"); never the user themself.
import { screen } from "@testing-library/react";
import { addedState, record, renderPane, snapshot, view } from "./fixtures";

describe("who else added the meeting", () => {
  it("the colleagues InterAction names show under the status, the user left out", async () => {
    const me = snapshot().user;
    await renderPane(
      view({
        status: "synced",
        state: addedState(),
        record: record({
          alsoAddedBy: [
            { email: "bob@firm.example", name: "Bob Lee", addedBy: "attendee" },
            { email: me.email.toUpperCase(), name: me.name, addedBy: "attendee" },
          ],
        }),
      }),
    );
    expect(screen.getByTestId("shared-with")).toHaveTextContent("Also added by Bob Lee.");
  });

  it("a meeting nobody else added shows no such line", async () => {
    await renderPane(view({ status: "synced", state: addedState(), record: record({ alsoAddedBy: [] }) }));
    expect(screen.queryByTestId("shared-with")).toBeNull();
  });
});
