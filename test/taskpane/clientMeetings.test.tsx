/** @jest-environment jsdom */
// Client meetings: search an InterAction company, choose it, and see who of the firm meets it in the period.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InterActionError } from "../../src/sync/errors";
import type { CompanyMeetings } from "../../src/taskpane/types";
import { NOW, renderPane, view } from "./fixtures";

const acmeMeetings: CompanyMeetings = {
  colleagueCount: 3,
  total: 2,
  items: [
    {
      id: "m-1",
      subject: "Quarterly review",
      start: "2026-11-30T15:00:00.000Z",
      end: "2026-11-30T16:00:00.000Z",
      location: "Board room",
      kind: "appointment",
      contacts: [{ name: "Carol Chen", email: "carol@acme.example" }],
      colleagues: [
        { name: "Alice Adams", email: "alice@firm.example" },
        { name: "Bob Brown", email: "bob@firm.example" },
      ],
    },
    {
      id: "m-2",
      subject: "<b>Deal</b> closing",
      start: "2026-12-10T09:00:00.000Z",
      end: "2026-12-10T10:00:00.000Z",
      location: "",
      kind: "appointment",
      contacts: [{ name: "Dave Doe", email: "dave@acme.example" }],
      colleagues: [
        { name: "Bob Brown", email: "bob@firm.example" },
        { name: "Dana Diaz", email: "dana@firm.example" },
      ],
    },
  ],
};

// The debounce itself is covered in controller.test.ts with fake time; here it is 0 so the UI tests just wait.
async function openClients() {
  const harness = await renderPane(view(), { debounceMs: 0 });
  const user = userEvent.setup();
  await user.click(screen.getByRole("tab", { name: "Client meetings" }));
  const search = await screen.findByTestId("company-search");
  return { ...harness, user, search };
}

async function findCompany(user: ReturnType<typeof userEvent.setup>, search: HTMLElement, text: string, name: string) {
  await user.type(search, text);
  return screen.findByRole("option", { name });
}

jest.setTimeout(60_000);

describe("company search", () => {
  it("is a labelled combobox whose results are a listbox", async () => {
    const { services, user, search } = await openClients();
    expect(screen.getByRole("combobox", { name: "Search InterAction companies" })).toBe(search);
    await findCompany(user, search, "Acme", "Acme Corporation (acme.example)");
    expect(search).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByRole("listbox")).toBeInTheDocument();
    expect(services.searchCompanies.mock.calls.at(-1)?.[0]).toBe("Acme");
  });

  it("one letter is not searched and says to type more", async () => {
    const { services, user, search } = await openClients();
    await user.type(search, "A");
    expect(services.searchCompanies).not.toHaveBeenCalled();
    expect(screen.getByTestId("search-status")).toHaveTextContent("Type at least 2 letters to search.");
  });

  it("a company nobody matches says so", async () => {
    const { user, search } = await openClients();
    await user.type(search, "Initech");
    expect(await screen.findByText("No company matches “Initech”.")).toBeInTheDocument();
  });

  it("a failed search says why", async () => {
    const { services, user, search } = await openClients();
    services.searchCompanies.mockRejectedValue(
      new InterActionError("network", "InterAction could not be reached.", true),
    );
    await user.type(search, "Acme");
    expect(await screen.findByText("Search failed: InterAction could not be reached.")).toBeInTheDocument();
  });

  it("Escape closes the list of companies", async () => {
    const { user, search } = await openClients();
    await findCompany(user, search, "Acme", "Acme Corporation (acme.example)");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(search).toHaveAttribute("aria-expanded", "false");
  });
});

describe("a company's upcoming meetings", () => {
  it("keyboard only: choose the company and see its meetings, colleagues and the distinct colleague count", async () => {
    const { services, user, search } = await openClients();
    services.companyMeetings.mockResolvedValue(acmeMeetings);
    await findCompany(user, search, "Ac", "Acme Corporation (acme.example)");
    await user.keyboard("{ArrowDown}");
    expect(search).toHaveAttribute("aria-activedescendant", "company-option-0");
    expect(screen.getByRole("option", { name: "Acme Corporation (acme.example)" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await user.keyboard("{Enter}");
    const from = NOW.toISOString();
    const to = new Date(NOW.getTime() + 30 * 86_400_000).toISOString();
    expect(services.companyMeetings).toHaveBeenCalledWith("co-acme", from, to, expect.anything());
    expect(await screen.findByTestId("colleague-count")).toHaveTextContent(
      "3 colleagues meet Acme Corporation in the next 30 days",
    );
    const meetings = within(screen.getByTestId("company-meetings")).getAllByTestId("company-meeting");
    expect(meetings).toHaveLength(2);
    expect(meetings[0]).toHaveTextContent("Quarterly review");
    expect(meetings[0]).toHaveTextContent("Nov 30, 2026");
    expect(within(meetings[0]!).getByTestId("meeting-colleagues")).toHaveTextContent(
      "Colleagues: Alice Adams, Bob Brown",
    );
    expect(meetings[1]).toHaveTextContent("<b>Deal</b> closing");
    expect(meetings[1]!.querySelector("b")).toBeNull();
    expect(search).toHaveValue("Acme Corporation");
  });

  it("the period is adjustable and the meetings reload for it", async () => {
    const { services, user, search } = await openClients();
    services.companyMeetings.mockResolvedValue({ ...acmeMeetings, colleagueCount: 1 });
    await user.click(await findCompany(user, search, "Acme", "Acme Corporation (acme.example)"));
    await user.selectOptions(screen.getByLabelText("Period"), "60");
    const to = new Date(NOW.getTime() + 60 * 86_400_000).toISOString();
    expect(services.companyMeetings).toHaveBeenLastCalledWith("co-acme", NOW.toISOString(), to, expect.anything());
    expect(await screen.findByTestId("colleague-count")).toHaveTextContent(
      "1 colleague meets Acme Corporation in the next 60 days",
    );
  });

  it("no meetings in the period says so", async () => {
    const { user, search } = await openClients();
    await user.click(await findCompany(user, search, "Globex", "Globex (globex.example)"));
    expect(await screen.findByText("No upcoming meetings with Globex in the next 30 days.")).toBeInTheDocument();
    expect(screen.getByTestId("colleague-count")).toHaveTextContent("0 colleagues meet Globex in the next 30 days");
  });

  it("meetings that fail to load say why and can be tried again", async () => {
    const { services, user, search } = await openClients();
    services.companyMeetings.mockRejectedValueOnce(
      new InterActionError("server", "InterAction had a problem.", true, 503),
    );
    await user.click(await findCompany(user, search, "Acme", "Acme Corporation (acme.example)"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Meetings couldn't be loaded: InterAction had a problem.",
    );
    services.companyMeetings.mockResolvedValueOnce(acmeMeetings);
    await user.click(screen.getByTestId("company-meetings-retry"));
    expect(await screen.findByTestId("colleague-count")).toHaveTextContent("3 colleagues meet Acme Corporation");
  });
});
