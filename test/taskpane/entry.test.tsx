/** @jest-environment jsdom */
// The task pane page as Outlook loads it: Office.js (office-addin-mock) first, then taskpane.js, which renders at
// once, follows the Office theme, and loads the rest after the first render.
import { screen, waitFor } from "@testing-library/react";
import { OfficeMockObject } from "office-addin-mock";
import { fakeServices, view } from "./fixtures";
import { themeKind } from "../../src/taskpane/theme";

const services = fakeServices(view({ status: "notAdded" }));
let loadCount = 0;
jest.mock("../../src/taskpane/bootstrap", () => ({
  createOutlookServices: async () => {
    loadCount += 1;
    return services;
  },
}));

function officeMock(theme: { bodyBackgroundColor: string }, host = "Outlook") {
  const handlers: ((args: unknown) => void)[] = [];
  // host "outlook": office-addin-mock's Outlook mode (properties readable without load()).
  const mock = new OfficeMockObject({
    host: "outlook",
    HostType: { Outlook: "Outlook" },
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
    context: {
      displayLanguage: "en-US",
      officeTheme: theme,
      mailbox: {
        item: { itemType: "appointment" },
        addHandlerAsync(_type: string, handler: (args: unknown) => void) {
          handlers.push(handler);
        },
      },
    },
    onReady(callback: (info: { host: string }) => void) {
      callback({ host });
      return Promise.resolve({ host });
    },
  });
  return { mock, handlers };
}

async function loadEntry() {
  document.body.innerHTML = '<div id="root"></div>';
  await jest.isolateModulesAsync(async () => {
    await import("../../src/taskpane/index");
  });
}

beforeEach(() => {
  // The page renders on its own, outside act(), as in Outlook; waiting is done with findBy/waitFor.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

afterEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  delete (globalThis as { Office?: unknown }).Office;
});

jest.setTimeout(60_000);

describe("the task pane page", () => {
  it("in a dark Outlook it renders dark, loads the services after the first render and shows the status", async () => {
    const { mock, handlers } = officeMock({ bodyBackgroundColor: "#1f1f1f" });
    (globalThis as { Office?: unknown }).Office = mock;
    await loadEntry();
    expect(await screen.findByTestId("sync-status")).toHaveTextContent("Not added to InterAction");
    expect(loadCount).toBeGreaterThan(0);
    expect(document.querySelector("[data-theme]")).toHaveAttribute("data-theme", "dark");
    // Outlook switches to a light theme while the pane is open.
    handlers[0]?.({ officeTheme: { bodyBackgroundColor: "#ffffff" } });
    await waitFor(() => expect(document.querySelector("[data-theme]")).toHaveAttribute("data-theme", "light"));
  });

  it("has landmarks and labelled views", async () => {
    (globalThis as { Office?: unknown }).Office = officeMock({ bodyBackgroundColor: "#ffffff" }).mock;
    await loadEntry();
    await screen.findByTestId("sync-status");
    expect(screen.getByRole("banner")).toBeInTheDocument();
    expect(screen.getByRole("main")).toBeInTheDocument();
    expect(screen.getByRole("tablist", { name: "InterAction views" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "This meeting", selected: true })).toBeInTheDocument();
    expect(screen.getByRole("tabpanel", { name: "This meeting" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "InterAction Meeting Sync" })).toBeInTheDocument();
  });

  it("outside Outlook it says what to do instead of waiting forever", async () => {
    await loadEntry();
    expect(await screen.findByTestId("unreachable")).toHaveTextContent(
      "Open this pane from an Outlook meeting to add it to InterAction.",
    );
  });
});

describe("following the Office theme", () => {
  it("reads light and dark from the body background, and isDarkTheme when the host gives it", () => {
    expect(themeKind({ bodyBackgroundColor: "#FFFFFF" })).toBe("light");
    expect(themeKind({ bodyBackgroundColor: "#262626" })).toBe("dark");
    expect(themeKind({ bodyBackgroundColor: "#000" })).toBe("dark");
    expect(themeKind({ bodyBackgroundColor: "not a colour" })).toBe("light");
    expect(themeKind({ bodyBackgroundColor: "#ffffff", isDarkTheme: true })).toBe("dark");
    expect(themeKind(undefined)).toBe("light");
  });
});
