/** @jest-environment jsdom */
// What the pane shows before it has a meeting to show: the loading skeleton (saying what it waits for), and the
// "InterAction can't be reached" banner with Try again, which really tries again.
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeServices, renderPane, view } from "./fixtures";
import type { MeetingView, TaskpaneServices } from "../../src/taskpane/types";

jest.setTimeout(30_000);

describe("loading", () => {
  it("the skeleton says what the pane waits for, from Outlook to InterAction to the meeting", async () => {
    let release!: (v: MeetingView) => void;
    const services = fakeServices(view());
    services.loadMeetingView.mockImplementationOnce(() => new Promise((r) => (release = r)));
    let provide!: (s: TaskpaneServices) => void;
    const { store, controller } = await renderPane(view(), {
      start: false,
      loadServices: () => new Promise((r) => (provide = r)),
    });
    const loading = screen.getByTestId("loading");
    expect(loading).toHaveAttribute("aria-busy", "true");
    expect(within(loading).getByRole("status")).toHaveTextContent("Connecting to Outlook…");

    let started!: Promise<void>;
    act(() => {
      store.dispatch({ type: "boot", phase: "waitingForOutlook" });
      started = controller.start();
    });
    expect(screen.getByTestId("loading")).toHaveTextContent("Connecting to InterAction…");
    expect(screen.queryByTestId("sync-status")).toBeNull();

    await act(async () => provide(services));
    expect(screen.getByTestId("loading")).toHaveTextContent("Reading this meeting and its InterAction status…");

    await act(async () => {
      release(view());
      await started;
    });
    expect(screen.queryByTestId("loading")).toBeNull();
    expect(screen.getByTestId("sync-status")).toHaveTextContent("Not added to InterAction");
  });
});

describe("InterAction can't be reached", () => {
  it("the banner says Outlook is not affected, and Try again asks InterAction again", async () => {
    const down = view({ error: { message: "InterAction could not be reached.", retryable: true } });
    const { services } = await renderPane(down);
    const banner = screen.getByTestId("unreachable");
    expect(banner).toHaveTextContent("InterAction can't be reached");
    expect(banner).toHaveTextContent("Your meeting in Outlook is not affected.");
    // The meeting is still shown from what Outlook knows.
    expect(screen.getByTestId("sync-status")).toHaveTextContent("Not added to InterAction");

    services.current = view();
    const refreshes = services.refresh.mock.calls.length;
    await userEvent.click(within(banner).getByRole("button", { name: "Try again" }));
    await act(async () => undefined);
    expect(services.refresh.mock.calls.length).toBe(refreshes + 1);
    expect(screen.queryByTestId("unreachable")).toBeNull();
  });

  it("when start-up itself fails, the banner gives the reason and Try again starts over", async () => {
    const services = fakeServices(view());
    let attempts = 0;
    await renderPane(view(), {
      loadServices: async () => {
        attempts += 1;
        if (attempts === 1) throw new TypeError("Failed to fetch");
        return services;
      },
    });
    const banner = screen.getByTestId("unreachable");
    expect(banner).toHaveTextContent("InterAction can't be reached");
    await userEvent.click(within(banner).getByRole("button", { name: "Try again" }));
    await act(async () => undefined);
    expect(attempts).toBe(2);
    expect(screen.getByTestId("sync-status")).toHaveTextContent("Not added to InterAction");
    expect(screen.queryByTestId("unreachable")).toBeNull();
  });
});
