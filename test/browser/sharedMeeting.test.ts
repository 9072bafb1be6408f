// One meeting, one record (issue 14), in the browser: an outside contact invites two colleagues, both accept and add
// it from the task pane, and InterAction holds ONE meeting with both of them. Each Add reads the meeting's iCalUId from
// the local Graph (the pane's delegated token, the item id converted to a REST id) and sends it with the write.
// The organizer's later move is driven through the add-in path (alice opens the meeting): the browser harness does
// not run the sync service yet.
import { browserSuite, eventually, paneText, startStack, taskPane, workbench, type Stack } from "./support/stack";

const NOW = "2026-12-01T09:00:00.000Z";
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour)).toISOString();
const ALICE = "alice@firm.example";
const BOB = "bob@firm.example";

jest.setTimeout(240_000);

browserSuite("one meeting, one record: colleagues who add the same meeting share it", () => {
  let stack: Stack;
  let wb: ReturnType<typeof workbench>;
  beforeAll(async () => {
    stack = await startStack(process.env.SHARED_MEETING_DIST ? { distDir: process.env.SHARED_MEETING_DIST } : {});
    wb = workbench(stack.page);
    await wb.setNow(NOW);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** The signed-in colleague accepts the invitation and presses Add in the task pane. */
  const acceptAndAdd = async (user: string, meetingId: string) => {
    await wb.signIn(user);
    await wb.open(meetingId);
    await wb.respond("accept");
    await wb.open(meetingId);
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    await pane.getByTestId("add-button").click();
    await wb.settle();
    await eventually(async () => (await paneText(stack.page)).includes("Synced with InterAction"), `${user}'s Add`);
  };

  const acmeMeetings = async () => {
    const companies = await stack.api.get<{ items: { id: string; name: string }[] }>(
      "/api/v1/contacts?kind=company&q=Acme",
    );
    const acme = companies.body.items.find((c) => c.name === "Acme Corporation")!;
    const page = await stack.api.get<{ items: { subject: string; start: string; colleagues: { email: string }[] }[] }>(
      `/api/v1/meetings?companyId=${encodeURIComponent(acme.id)}&from=${encodeURIComponent(NOW)}&to=${encodeURIComponent(at(30, 0))}`,
    );
    return page.body.items.filter((m) => m.subject === "Acme pricing talk");
  };

  test("carol invites alice and bob; both accept and add it; bob's 'never' leaves alice's; carol's move moves it once", async () => {
    const { meetingIds } = await wb.invite({
      from: "carol@acme.example",
      to: [ALICE, BOB],
      fields: { subject: "Acme pricing talk", start: at(10, 14), end: at(10, 15), location: "Acme HQ" },
    });
    // The local Graph's request log, through the workbench's /__graph/* pass-through.
    const graphReads = async () => {
      const log = (await (await fetch(`${stack.workbenchUrl}/__graph/requests`)).json()) as {
        items: { method: string; path: string }[];
      };
      return log.items.filter((r) => r.method === "GET" && /\/me\/events\//.test(r.path));
    };

    await acceptAndAdd(ALICE, meetingIds[ALICE]!);
    await acceptAndAdd(BOB, meetingIds[BOB]!);

    // Each Add read its iCalUId once, and the two links landed on one meeting.
    expect(await graphReads()).toHaveLength(2);
    const [one, ...others] = await acmeMeetings();
    expect(others).toEqual([]);
    expect(one!.colleagues.map((c) => c.email).sort()).toEqual([ALICE, BOB]);
    expect(await paneText(stack.page)).toContain("Also added by Alice Archer.");

    // bob: never. Alice's record stays.
    const pane = await taskPane(stack.page);
    await pane.getByLabel("Sync this meeting").selectOption({ label: "Never" });
    await wb.settle();
    await wb.close();
    expect(await acmeMeetings()).toHaveLength(1);

    // carol moves the meeting; alice opens her copy, and the shared record moves, with one write.
    const writesBefore = (await stack.api.meetingWrites()).length;
    await wb.updateFromOutside(meetingIds[ALICE]!, { start: at(11, 10), end: at(11, 11) });
    await wb.signIn(ALICE);
    await wb.open(meetingIds[ALICE]!);
    // An attendee's read form raises no add-in event: alice's open task pane reconciles it.
    await wb.openTaskPane();
    await wb.settle();
    const moved = await eventually(async () => {
      const rows = await acmeMeetings();
      return rows.length === 1 && rows[0]!.start === at(11, 10) ? rows : null;
    }, "the shared record to move");
    expect(moved).toHaveLength(1);
    const writes = (await stack.api.meetingWrites()).slice(writesBefore);
    expect(writes.filter((w) => w.status === 200 || w.status === 201)).toHaveLength(1);
    expect(await graphReads()).toHaveLength(2);
    expect(stack.consoleErrors).toEqual([]);
  });
});
