// The Outlook workbench page from the test: window.workbench's calls, the task pane frame, axe and screenshots.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { ARTIFACTS, ROOT } from "./chromium";

export interface MeetingFields {
  subject?: string;
  start?: string;
  end?: string;
  location?: string;
  requiredAttendees?: string[];
  optionalAttendees?: string[];
  notes?: string;
  isPrivate?: boolean;
  recurrence?: null | "daily" | "weekly";
}

export interface WorkbenchState {
  user: string;
  client: "classic" | "new" | "mobile";
  graph: { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string } | null;
  now: string;
  sandboxUrl: string;
  openItem: null | {
    mode: "compose" | "read";
    meetingId: string | null;
    subject: string;
    notifications: { key: string; type: string; message: string }[];
    taskPaneOpen: boolean;
    [key: string]: unknown;
  };
  meetings: {
    meetingId: string;
    subject: string;
    start: string;
    end: string;
    isCancelled: boolean;
    customProperties: Record<string, unknown>;
    myResponse: string;
    isOrganizer: boolean;
  }[];
  notifications: { key: string; type: string; message: string }[];
  notificationLog: {
    at: string;
    itemId?: string;
    subject: string;
    op: string;
    key: string;
    type?: string;
    message?: string;
  }[];
  lastSmartAlert: null | { message: string; actions: string[] };
  invocations: {
    functionName: string;
    eventType: string;
    client: string;
    itemId?: string;
    startedAt: number;
    finishedAt?: number;
    outcome?: string;
    options?: Record<string, unknown>;
  }[];
  ribbon: { group: string; buttons: string[] }[];
  launchEvents: { type: string; functionName: string; sendMode?: string }[];
}

/** window.workbench from the test: every call resolves once the add-in has settled. */
export function workbench(page: Page) {
  const call = <T>(name: string, ...args: unknown[]) =>
    page.evaluate(
      ([n, a]) =>
        (window as unknown as { workbench: Record<string, (...x: unknown[]) => unknown> }).workbench[n as string]!(
          ...(a as unknown[]),
        ),
      [name, args] as const,
    ) as Promise<T>;
  return {
    signIn: (email: string) => call<void>("signIn", email),
    useClient: (client: "classic" | "new" | "mobile") => call<void>("useClient", client),
    drag: (meetingId: string, to: { start: string; end: string }) => call<void>("drag", meetingId, to),
    updateFromOutside: (meetingId: string, fields: MeetingFields) => call<void>("updateFromOutside", meetingId, fields),
    cancelFromOutside: (meetingId: string) => call<void>("cancelFromOutside", meetingId),
    setNow: (iso: string) => call<void>("setNow", iso),
    newMeeting: (fields: MeetingFields) => call<void>("newMeeting", fields),
    edit: (fields: MeetingFields) => call<void>("edit", fields),
    addAttachment: (file: { name: string; contentType: string; base64: string }) => call<string>("addAttachment", file),
    removeAttachment: (name: string) => call<void>("removeAttachment", name),
    send: (options: { smartAlert?: "sendAnyway" | "dontSend" } = {}) =>
      call<{ meetingId: string; sent: boolean; smartAlert: null | { message: string; actions: string[] } }>(
        "send",
        options,
      ),
    save: () => call<{ meetingId: string }>("save"),
    discard: () => call<void>("discard"),
    close: () => call<void>("close"),
    cancelMeeting: () => call<{ meetingId: string; sent: boolean }>("cancelMeeting"),
    open: (meetingId: string) => call<void>("open", meetingId),
    invite: (spec: { from: string; to: string[]; fields: MeetingFields }) =>
      call<{ meetingId: string; meetingIds: Record<string, string> }>("invite", spec),
    respond: (response: "accept" | "tentative" | "decline") => call<void>("respond", response),
    clickRibbon: (label: string) => call<void>("clickRibbon", label),
    openTaskPane: () => call<void>("openTaskPane"),
    closeTaskPane: () => call<void>("closeTaskPane"),
    settle: () => call<void>("settle"),
    state: () => call<WorkbenchState>("state"),
  };
}

/** The task pane's frame (the real built taskpane.html). */
export async function taskPane(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector("iframe[data-wb-pane]");
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("The task pane frame has no document");
  return frame;
}

export async function paneText(page: Page): Promise<string> {
  const frame = await taskPane(page);
  return (await frame.locator("body").innerText()).replace(/\s+/g, " ");
}

const AXE_SOURCE = () => readFileSync(path.join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");

/** Runs axe-core in the task pane (injected by evaluation, so the pane's CSP stays as shipped). */
export async function axeViolations(
  page: Page,
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const frame = await taskPane(page);
  const hasAxe = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!hasAxe) await frame.evaluate(`${AXE_SOURCE()}\n;undefined`);
  return frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.html.slice(0, 200)}`),
    }));
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
