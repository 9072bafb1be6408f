/** @jest-environment jsdom */
// A company's meetings arrive page by page (src/taskpane/meetingPages.ts): the first small page is shown before the
// later pages answer, the count is InterAction's total for the window, a replaced load's pages are never appended,
// and a later page that fails keeps what is shown and offers to load the rest; typing another name stops the shown
// company's later pages (none is asked any more). Every answer is a deferred promise
// the test settles itself, in the order the story needs: no timers.
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InterActionError } from "../../src/sync/errors";
import { FIRST_PAGE_SIZE, PAGE_SIZE } from "../../src/taskpane/meetingPages";
import type { CompanyMeetings, CompanyMeetingsRequest } from "../../src/taskpane/types";
import { NOW, renderPane, view } from "./fixtures";

jest.setTimeout(60_000);

interface Asked {
  companyId: string;
  from: string;
  to: string;
  page: CompanyMeetingsRequest;
  resolve(answer: CompanyMeetings): void;
  reject(error: unknown): void;
}

/** `n` meetings of one window from `skip` on, out of `total`; ids and subjects say whose they are. */
function meetings(prefix: string, skip: number, n: number, total: number, colleagueCount = 4): CompanyMeetings {
  return {
    colleagueCount,
    total,
    items: Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${skip + i}`,
      subject: `${prefix} meeting ${skip + i}`,
      start: "2026-11-30T15:00:00.000Z",
      end: "2026-11-30T16:00:00.000Z",
      contacts: [{ name: "Carol Chen", email: "carol@acme.example" }],
      colleagues: [{ name: "Alice Adams", email: "alice@firm.example" }],
    })),
  };
}

/** The pane over fake services whose every page of company meetings waits until the test answers it. */
async function paneWithHeldPages() {
  const harness = await renderPane(view(), { debounceMs: 0 });
  const asked: Asked[] = [];
  harness.services.companyMeetings.mockImplementation(
    (companyId: string, from: string, to: string, page: CompanyMeetingsRequest) =>
      new Promise<CompanyMeetings>((resolve, reject) => asked.push({ companyId, from, to, page, resolve, reject })),
  );
  const user = userEvent.setup();
  await user.click(screen.getByRole("tab", { name: "Client meetings" }));
  const search = await screen.findByTestId("company-search");
  const choose = async (text: string, name: string) => {
    await user.clear(search);
    await user.type(search, text);
    await user.click(await screen.findByRole("option", { name }));
  };
  /** Settles a page and lets the pane render what follows from it. */
  const answer = (i: number, result: CompanyMeetings | Error) =>
    act(async () => {
      if (result instanceof Error) asked[i]!.reject(result);
      else asked[i]!.resolve(result);
    });
  return { ...harness, user, search, asked, choose, answer };
}

const shownSubjects = () =>
  within(screen.getByTestId("company-meetings"))
    .queryAllByTestId("company-meeting")
    .map((li) => li.querySelector("strong")?.textContent);

describe("a company's meetings, page by page", () => {
  it("the first page is shown before the later pages answer, and the count is InterAction's total", async () => {
    const { asked, choose, answer } = await paneWithHeldPages();
    await choose("Acme", "Acme Corporation (acme.example)");
    expect(asked).toHaveLength(1);
    expect(asked[0]!.page).toMatchObject({ skip: 0, limit: FIRST_PAGE_SIZE });
    await answer(0, meetings("acme", 0, 50, 120));

    // The second page is asked and not answered: the first is on screen already.
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatchObject({ from: asked[0]!.from, to: asked[0]!.to, page: { skip: 50, limit: PAGE_SIZE } });
    expect(shownSubjects()).toHaveLength(50);
    expect(screen.getByTestId("colleague-count")).toHaveTextContent("4 colleagues meet Acme Corporation");
    const status = screen.getByTestId("meeting-count");
    expect(status).toHaveAttribute("role", "status");
    expect(status).toHaveAttribute("aria-live", "polite");
    expect(status).toHaveTextContent("50 of 120 meetings loaded. Loading more…");
    expect(screen.getByTestId("loading-more")).toBeInTheDocument();

    await answer(1, meetings("acme", 50, 70, 120));
    expect(asked).toHaveLength(2);
    expect(shownSubjects()).toHaveLength(120);
    expect(shownSubjects().at(-1)).toBe("acme meeting 119");
    expect(screen.getByTestId("meeting-count")).toHaveTextContent(/^120 meetings$/);
    expect(screen.queryByTestId("loading-more")).toBeNull();
  });

  it("a page of a load the user replaced by choosing another period is never appended to the new list", async () => {
    const { user, asked, choose, answer } = await paneWithHeldPages();
    await choose("Acme", "Acme Corporation (acme.example)");
    await answer(0, meetings("acme", 0, 50, 120));
    expect(asked).toHaveLength(2);

    await user.selectOptions(screen.getByLabelText("Period"), "60");
    expect(asked).toHaveLength(3);
    expect(asked[1]!.page.signal.aborted).toBe(true);
    expect(asked[2]!.to).toBe(new Date(NOW.getTime() + 60 * 86_400_000).toISOString());
    await answer(2, meetings("sixty", 0, 10, 10));
    // The replaced load's second page answers last (its fetch would have been aborted; this fake ignores that).
    await answer(1, meetings("acme", 50, 70, 120));

    expect(shownSubjects()).toHaveLength(10);
    expect(shownSubjects().every((s) => s?.startsWith("sixty"))).toBe(true);
    expect(screen.getByTestId("meeting-count")).toHaveTextContent(/^10 meetings$/);
    expect(asked).toHaveLength(3);
  });

  it("after a company change, the old company's later page neither appends nor reports its failure", async () => {
    const { asked, choose, answer } = await paneWithHeldPages();
    await choose("Acme", "Acme Corporation (acme.example)");
    await answer(0, meetings("acme", 0, 50, 120));
    await choose("Glo", "Globex (globex.example)");
    expect(asked).toHaveLength(3);
    expect(asked[2]!.companyId).toBe("co-globex");
    await answer(2, meetings("globex", 0, 50, 60, 2));
    await answer(1, new InterActionError("server", "InterAction had a problem.", true, 503));

    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByTestId("meeting-count")).toHaveTextContent("50 of 60 meetings loaded. Loading more…");
    expect(asked[3]).toMatchObject({ companyId: "co-globex", page: { skip: 50, limit: PAGE_SIZE } });
    await answer(3, meetings("globex", 50, 10, 60, 2));
    expect(shownSubjects()).toHaveLength(60);
    expect(shownSubjects().every((s) => s?.startsWith("globex"))).toBe(true);
    expect(screen.getByTestId("colleague-count")).toHaveTextContent("2 colleagues meet Globex");
  });

  it("typing another company's name stops the shown company's later pages: none is asked, what is shown stays", async () => {
    const { user, search, asked, choose, answer } = await paneWithHeldPages();
    await choose("Acme", "Acme Corporation (acme.example)");
    await answer(0, meetings("acme", 0, 50, 300));
    expect(asked[1]).toMatchObject({ companyId: "co-acme", page: { skip: 50, limit: PAGE_SIZE } });

    await user.clear(search);
    await user.type(search, "Glo");
    // The page in flight is aborted with the HTTP request; this fake answers it anyway, and nothing follows it.
    expect(asked[1]!.page.signal.aborted).toBe(true);
    await answer(1, meetings("acme", 50, 200, 300));
    expect(asked.filter((a) => a.companyId === "co-acme")).toHaveLength(2);
    expect(shownSubjects()).toHaveLength(50);
    expect(screen.getByTestId("meeting-count")).toHaveTextContent(/^50 of 300 meetings loaded$/);
    expect(screen.queryByTestId("loading-more")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();

    // Choosing the other company loads it, and only it.
    await user.click(await screen.findByRole("option", { name: "Globex (globex.example)" }));
    expect(asked.slice(2).map((a) => a.companyId)).toEqual(["co-globex"]);
  });

  it("typing over a first page on its way still shows it, and asks no page after it", async () => {
    const { user, search, asked, choose, answer } = await paneWithHeldPages();
    await choose("Acme", "Acme Corporation (acme.example)");
    await user.type(search, " Ltd");
    await answer(0, meetings("acme", 0, 50, 120));
    expect(asked).toHaveLength(1);
    expect(shownSubjects()).toHaveLength(50);
    expect(screen.getByTestId("meeting-count")).toHaveTextContent(/^50 of 120 meetings loaded$/);
    expect(screen.queryByTestId("loading-more")).toBeNull();
  });

  it("a meeting added while the pages load is not listed twice, and the count stays InterAction's total", async () => {
    const { choose, answer } = await paneWithHeldPages();
    await choose("Acme", "Acme Corporation (acme.example)");
    await answer(0, meetings("acme", 0, 50, 120));
    // One meeting was added before the page boundary: the second page starts one earlier and the window holds 121.
    await answer(1, meetings("acme", 49, 71, 121));
    expect(shownSubjects()).toHaveLength(120);
    expect(new Set(shownSubjects()).size).toBe(120);
    // The added meeting is not among those loaded, and the count does not pretend it is.
    expect(screen.getByTestId("meeting-count")).toHaveTextContent(/^120 of 121 meetings loaded$/);
  });

  it("a later page that fails keeps the meetings shown, and Try again loads the rest of the same window", async () => {
    const { user, asked, choose, answer } = await paneWithHeldPages();
    await choose("Acme", "Acme Corporation (acme.example)");
    await answer(0, meetings("acme", 0, 50, 300));
    await answer(1, meetings("acme", 50, 200, 300));
    expect(asked[2]!.page).toMatchObject({ skip: 250, limit: PAGE_SIZE });
    await answer(2, new InterActionError("server", "InterAction had a problem.", true, 503));

    expect(screen.getByRole("alert")).toHaveTextContent(
      "The rest of the meetings couldn't be loaded: InterAction had a problem.",
    );
    expect(shownSubjects()).toHaveLength(250);
    expect(screen.getByTestId("meeting-count")).toHaveTextContent(/^250 of 300 meetings loaded$/);
    expect(screen.queryByTestId("loading-more")).toBeNull();

    await user.click(within(screen.getByRole("alert")).getByRole("button", { name: "Try again" }));
    expect(asked).toHaveLength(4);
    expect(asked[3]).toMatchObject({
      companyId: "co-acme",
      from: asked[0]!.from,
      to: asked[0]!.to,
      page: { skip: 250, limit: PAGE_SIZE },
    });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByTestId("meeting-count")).toHaveTextContent("250 of 300 meetings loaded. Loading more…");
    expect(shownSubjects()).toHaveLength(250);
    await answer(3, meetings("acme", 250, 50, 300));
    expect(shownSubjects()).toHaveLength(300);
    expect(new Set(shownSubjects()).size).toBe(300);
    expect(screen.getByTestId("meeting-count")).toHaveTextContent(/^300 meetings$/);
  });
});
