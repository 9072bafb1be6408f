// "Large files never freeze the pane": a 25 MB attachment (the largest in the bad-input corpus; the sandbox accepts
// up to 30 MB, and its 413 above that is covered in test/sandbox and test/badInput) becomes an InterAction document
// with the right size and SHA-256, while the task pane stays responsive.
//
// Responsiveness is measured as blocking, not speed: PerformanceObserver("longtask") in Outlook's window and in the
// pane's frame (same origin, so one event loop: a task anywhere, the commands runtime's upload included, blocks the
// pane) records every task over 50 ms, and no single task the add-in runs (in the pane's or the commands runtime's
// frame; the workbench's own work as Outlook's stand-in is Outlook's, see ranInTheAddIn) may reach one second. One second is deliberately generous:
// on a loaded two-core machine a 512 KB slice of decoding or a garbage collection takes a few hundred milliseconds
// (worst seen: ~300 ms at load average 9), while what this guards against blocked for seconds: the one-pass decode,
// fetch() with a 25 MB Uint8Array body, a JSON copy of the base64 in the workbench's Office host (4-7 s each under
// load). How long the upload takes is not asserted (npm run bench is the place for speed figures).
// DEBUG_LONG_TASKS=1 prints every long task and the frame that ran it.
import type { Frame, Page } from "playwright-core";
import { browserSuite, eventually, startStack, taskPane, workbench, type Stack } from "./support/stack";

jest.setTimeout(300_000);

const NOW = "2026-12-01T09:00:00.000Z";
const MB = 1024 * 1024;
const SIZE = 25 * MB;
const BLOCKED_MS = 1000;
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour)).toISOString();

interface LongTask {
  where: string;
  duration: number;
  attribution: string;
}
type Recorder = Window & { __longTasks?: LongTask[]; __bigFile?: { base64: string; sha256: string } };

/** Starts recording long tasks in a document; entries go to Outlook's window so they outlive a closed pane. */
async function recordLongTasks(target: Page | Frame, where: string): Promise<void> {
  await target.evaluate((name) => {
    const top = window.top as Recorder;
    top.__longTasks ??= [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        // Which frame ran the task (commands.html, taskpane.html, or Outlook itself), for the failure message.
        const container = (e as PerformanceEntry & { attribution?: { containerSrc?: string }[] }).attribution?.[0];
        top.__longTasks!.push({
          where: name,
          duration: Math.round(e.duration),
          attribution: `${e.name} ${container?.containerSrc?.split("/").pop() ?? ""}`.trim(),
        });
      }
    }).observe({ type: "longtask" });
  }, where);
}

/**
 * Whether the add-in ran the task (the pane's or the event runtime's frame), not the workbench itself. The workbench
 * is Outlook's stand-in on the same origin, so its own tasks (storing the user's 25 MB attachment, serving its content)
 * share the pane's event loop here; in Outlook the host and the add-in's cross-origin frames do not share one, and
 * what the host does is not the add-in's to make responsive. Seen at load average 10: the workbench's own attach took
 * one 2 s task while the add-in's worst was 457 ms.
 */
const ranInTheAddIn = (t: LongTask) => /\b(taskpane|commands)\.html\b/.test(t.attribution);

const longTasks = (page: Page) => page.evaluate(() => (window as Recorder).__longTasks ?? []);
const clearLongTasks = (page: Page) => page.evaluate(() => ((window as Recorder).__longTasks = []));

/**
 * Blocks a frame for about `ms` in a task of its own (a timer: code evaluated by the test over CDP is not a task the
 * Long Tasks API reports). Proves the observers see tasks at all; else "no long task" would mean nothing.
 */
const busy = (frame: Frame, ms: number) =>
  frame.evaluate(
    (n) =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          const end = performance.now() + n;
          while (performance.now() < end) {
            /* a deliberate long task */
          }
          resolve();
        }, 0),
      ),
    ms,
  );

/**
 * 25 MB of random bytes made in the page (28 MB of base64 need not cross from the test), encoded by FileReader off the
 * page's thread, with their SHA-256 from WebCrypto: the sandbox's hash is computed independently by Node.
 */
async function makeBigFile(page: Page): Promise<string> {
  return page.evaluate(async (size) => {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(new Blob([bytes]));
    });
    (window as Recorder).__bigFile = { base64: dataUrl.slice(dataUrl.indexOf(",") + 1), sha256 };
    return sha256;
  }, SIZE);
}

const attachBigFile = (page: Page, name: string) =>
  page.evaluate(
    (n) =>
      (
        window as unknown as Recorder & { workbench: { addAttachment(f: object): Promise<string> } }
      ).workbench.addAttachment({
        name: n,
        contentType: "application/zip",
        base64: (window as Recorder).__bigFile!.base64,
      }),
    name,
  );

browserSuite("Large attachments (25 MB) in the workbench, real bundles, sandbox", () => {
  let stack: Stack;
  let wb: ReturnType<typeof workbench>;
  let sha256 = "";

  beforeAll(async () => {
    stack = await startStack();
    wb = workbench(stack.page);
    await wb.setNow(NOW);
    await wb.signIn("alice@firm.example");
    sha256 = await makeBigFile(stack.page);
    await recordLongTasks(stack.page, "outlook");
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** The meeting's document once InterAction has it. */
  const documentOf = (syncKey: string, name: string) =>
    eventually(
      async () => (await stack.api.meeting(syncKey)).documents.find((d) => d.name === name),
      `${name} in InterAction`,
      120_000,
    );

  const newSyncKey = async (before: number) =>
    eventually(async () => {
      const keys = (await stack.api.meetingWrites()).slice(before).filter((w) => w.status < 300);
      return keys[0]?.syncKey;
    }, "the meeting in InterAction");

  const expectNeverBlocked = async (what: string) => {
    const tasks = await longTasks(stack.page);
    const worst = tasks.filter(ranInTheAddIn).reduce((max, t) => Math.max(max, t.duration), 0);
    if (process.env.DEBUG_LONG_TASKS) process.stderr.write(`[long tasks] ${what}: ${JSON.stringify(tasks)}\n`);
    if (worst >= BLOCKED_MS) {
      throw new Error(
        `${what}: a task blocked the pane for ${worst} ms (limit ${BLOCKED_MS} ms): ${JSON.stringify(tasks)}`,
      );
    }
    return tasks;
  };

  test("the long-task observers see a task that blocks the pane (so 'no long task' is a real measurement)", async () => {
    await wb.newMeeting({ subject: "Observer check", start: at(2, 10), end: at(2, 11) });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    await recordLongTasks(pane, "pane");
    await clearLongTasks(stack.page);
    await busy(pane, 200);
    const seen = await eventually(async () => {
      const tasks = await longTasks(stack.page);
      return tasks.some((t) => t.where === "outlook" && t.duration >= 150) &&
        tasks.some((t) => t.where === "pane" && t.duration >= 150)
        ? tasks
        : undefined;
    }, "the deliberate 200 ms task in both observers");
    expect(seen.length).toBeGreaterThanOrEqual(2);
    // The add-in's task is told from the workbench's own in both observers (what expectNeverBlocked judges).
    expect(seen.filter((t) => ranInTheAddIn(t) && t.duration >= 150).map((t) => t.where)).toEqual(
      expect.arrayContaining(["outlook", "pane"]),
    );
    await wb.discard();
  });

  test("sent with the task pane open, a 25 MB attachment reaches InterAction whole and never blocks the pane for a second", async () => {
    const before = (await stack.api.meetingWrites()).length;
    await wb.newMeeting({
      subject: "Acme data room",
      start: at(3, 10),
      end: at(3, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    await wb.openTaskPane();
    await recordLongTasks(await taskPane(stack.page), "pane");
    await clearLongTasks(stack.page);
    await attachBigFile(stack.page, "Data room.zip");
    const sent = await wb.send();
    expect(sent.sent).toBe(true);
    const syncKey = await newSyncKey(before);
    const doc = await documentOf(syncKey, "Data room.zip");
    expect(doc).toMatchObject({ size: SIZE, sha256 });
    await expectNeverBlocked("adding and sending a 25 MB attachment");
  });

  test("the task pane's Retry uploads a queued 25 MB document, never blocking the pane for a second", async () => {
    const before = (await stack.api.meetingWrites()).length;
    // InterAction refuses documents: the meeting is added on send, the document waits in the outbox.
    await stack.api.faults([{ method: "PUT", path: "/documents/", status: 503 }]);
    await wb.newMeeting({
      subject: "Acme closing set",
      start: at(4, 10),
      end: at(4, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    await attachBigFile(stack.page, "Closing set.zip");
    const sent = await wb.send();
    expect(sent.sent).toBe(true);
    const syncKey = await newSyncKey(before);
    expect((await stack.api.meeting(syncKey)).documents).toEqual([]);

    // Past the back-off the organizer opens the meeting with the pane; still refused, so the pane offers Retry.
    await wb.setNow(new Date(Date.parse((await wb.state()).now) + 10 * 60_000).toISOString());
    await wb.open(sent.meetingId);
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    const retry = pane.getByTestId("retry-button").first();
    await retry.waitFor({ timeout: 60_000 });
    expect((await stack.api.meeting(syncKey)).documents).toEqual([]);

    // InterAction is back: the pane itself reads, decodes and uploads the 25 MB (no launch event runs meanwhile).
    await stack.api.faults([]);
    await recordLongTasks(pane, "pane");
    await clearLongTasks(stack.page);
    const invocations = (await wb.state()).invocations.length;
    await retry.click();
    const doc = await documentOf(syncKey, "Closing set.zip");
    expect(doc).toMatchObject({ size: SIZE, sha256 });
    await wb.settle();
    expect((await wb.state()).invocations).toHaveLength(invocations);
    await expectNeverBlocked("the task pane uploading a 25 MB document");
    await wb.close();
  });
});
