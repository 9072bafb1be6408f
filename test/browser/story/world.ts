// The story's shared world: one stack (sandbox, local Exchange, workbench, Chromium) for every chapter, the step
// helpers that read what InterAction stored and what the user sees, and the axe findings the last step reports.
import { axeViolations, eventually, paneText, startStack, workbench, type Stack } from "../support/stack";

export const NOW = "2026-12-01T09:00:00.000Z";
export const at = (day: number, hour: number, minutes = 0) =>
  new Date(Date.UTC(2026, 11, day, hour, minutes)).toISOString();

/** How the story signs in: the sandbox's dev tokens, or nested app authentication as in production. */
export type StoryAuth = "dev" | "naa";

export class Story {
  stack!: Stack;
  wb!: ReturnType<typeof workbench>;

  constructor(readonly auth: StoryAuth = "dev") {}

  async start(): Promise<void> {
    this.stack = await startStack();
    this.wb = workbench(this.stack.page);
    await this.wb.setNow(NOW);
    // Under naa the workbench's signIn leaves each user consented, so every chapter reads the same.
    if (this.auth === "naa")
      await this.stack.page.evaluate(
        (mode) => (window as unknown as { workbench: { setAuth(m: string): Promise<void> } }).workbench.setAuth(mode),
        this.auth,
      );
  }

  readonly writes = () => this.stack.api.meetingWrites();
  readonly successfulWrites = async () => (await this.writes()).filter((w) => w.status === 200 || w.status === 201);
  /** The sync keys written to since `before` (the meetings this step put into InterAction). */
  readonly newKeys = async (before: number) => [
    ...new Set((await this.successfulWrites()).slice(before).map((w) => w.syncKey)),
  ];
  /** What the sandbox stored for a meeting, with the add-in's side of the story when it is not what the test expects. */
  readonly expectStored = async (syncKey: string, expected: { notes?: string }) => {
    const stored = this.stack.stored(syncKey);
    if (!stored || (expected.notes !== undefined && stored.notes !== expected.notes)) {
      const st = await this.wb.state();
      const context = {
        stored,
        notifications: st.notificationLog.slice(-4),
        invocations: st.invocations.slice(-4),
        writes: (await this.writes()).slice(-4),
      };
      throw new Error(
        `InterAction stored ${JSON.stringify(stored)}, expected ${JSON.stringify(expected)}\n${JSON.stringify(context, null, 1)}`,
      );
    }
  };
  readonly lastNotice = async () => {
    const log = (await this.wb.state()).notificationLog.filter((n) => n.op !== "remove");
    return log[log.length - 1]?.message ?? "";
  };
  /** axe-core runs on each task pane state the story reaches; the accessibility test below reports them all. */
  readonly axeFindings: { state: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];
  readonly expectNoAxeViolations = async (state: string) => {
    this.axeFindings.push({ state, violations: await axeViolations(this.stack.page) });
  };
  /** Waits until the open task pane shows `text` (the pane follows the item by itself; nobody reloads it). */
  readonly paneShows = (text: string | RegExp) =>
    eventually(
      async () => {
        const now = await paneText(this.stack.page);
        return typeof text === "string" ? now.includes(text) : text.test(now);
      },
      `the task pane to show ${String(text)}`,
    );
}
