/** @jest-environment jsdom */
// InterAction unreachable, no firm settings cached: the pane shows what Outlook knows and says plainly what it
// couldn't check, instead of guessing (outside attendees are not "colleagues", the rules did not "not add" it).
import { screen, within } from "@testing-library/react";
import { InterActionError } from "../../src/sync/errors";
import { fakeServices, renderPane, snapshot, view } from "./fixtures";

jest.setTimeout(30_000);

const down = new InterActionError("network", "InterAction could not be reached.", true);
const offlineView = view({
  snapshot: snapshot({ isNew: true }),
  settings: null,
  activityTypes: [],
  autoAdd: undefined,
  error: { message: down.message, retryable: true },
});

async function renderOffline() {
  const services = fakeServices(offlineView);
  services.getSettings.mockRejectedValue(down);
  services.getActivityTypes.mockRejectedValue(down);
  services.listGroups.mockRejectedValue(down);
  services.lookupAttendees.mockRejectedValue(down);
  await renderPane(offlineView, { loadServices: async () => services });
  return services;
}

describe("with InterAction unreachable", () => {
  it("outside attendees are under their own heading with the 'couldn't be looked up' note, not under Colleagues", async () => {
    const services = await renderOffline();
    expect(services.lookupAttendees).not.toHaveBeenCalled();
    expect(screen.getByText("Attendees couldn't be looked up in InterAction right now.")).toBeInTheDocument();
    const colleagues = screen.getByTestId("attendees-colleagues");
    expect(within(colleagues).queryByText(/carol@acme\.example/)).toBeNull();
    const unknown = screen.getByTestId("attendees-unknown");
    expect(within(unknown).getByRole("heading", { name: "Not looked up yet" })).toBeInTheDocument();
    expect(within(unknown).getByText(/carol@acme\.example/)).toBeInTheDocument();
    expect(within(unknown).getByText(/zed@unknown\.example/)).toBeInTheDocument();
  });

  it("no empty, disabled meeting type select is shown", async () => {
    await renderOffline();
    expect(screen.queryByTestId("activity-type-select")).toBeNull();
    expect(screen.getByTestId("mode-select")).toBeInTheDocument();
  });

  it("the rules say they could not be checked", async () => {
    await renderOffline();
    expect(screen.getByTestId("rules-decision")).toHaveTextContent("Firm rules couldn't be checked");
    expect(screen.getByTestId("rules-decision")).toHaveAttribute("data-add", "unknown");
    expect(screen.getByTestId("rules-explanation")).toHaveTextContent(/InterAction can't be reached/);
  });

  it("a meeting type chosen on the item is still shown when InterAction's list is unavailable", async () => {
    const services = fakeServices(view({ ...offlineView, state: { ...offlineView.state, activityTypeId: "at-call" } }));
    services.getActivityTypes.mockRejectedValue(down);
    services.getSettings.mockRejectedValue(down);
    await renderPane(services.current, { loadServices: async () => services });
    expect(screen.getByTestId("activity-type-select")).toHaveValue("at-call");
  });

  it("with settings cached but the attendee lookup failing, the rules are 'not checked', not 'don't add'", async () => {
    await renderPane(
      view({
        snapshot: snapshot({ isNew: true }),
        autoAdd: {
          add: false,
          explanation:
            "The firm's rules could not be checked because InterAction was unreachable; they'll be checked again.",
          matches: [],
        },
      }),
    );
    expect(screen.getByTestId("rules-decision")).toHaveTextContent("Firm rules couldn't be checked");
    expect(screen.queryByText("Firm rules don't add this meeting")).toBeNull();
  });
});
