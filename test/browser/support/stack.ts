// The browser suite's world: a fresh InterAction sandbox (temp SQLite, demo seed) and the Outlook workbench serving
// the real built add-in (dist/), both on ephemeral ports, and Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Frame, type Page } from "playwright-core";
import { request as httpsRequest } from "node:https";
import { startGraph } from "../../../dev/graph/server";
import { startSandbox } from "../../../dev/sandbox/server";
import { startWorkbench } from "../../../dev/workbench/server";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.join(ROOT, "test-artifacts");
export const INSTALL_HINT = "apt-get install -y chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const hasChromium = existsSync(CHROMIUM);
export const hasBuild =
  existsSync(path.join(ROOT, "dist", "taskpane.html")) && existsSync(path.join(ROOT, "dist", "commands.html"));

/**
 * The browser suite needs Chromium. Without it the suite is reported as skipped (with the command that installs it);
 * under CI a missing browser is a failure, never a silent skip.
 */
export function browserSuite(name: string, body: () => void): void {
  if (hasChromium) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it("has Chromium to run in", () => {
        throw new Error(
          `Chromium is required for the browser tests (not found at ${CHROMIUM}). Install it: ${INSTALL_HINT}`,
        );
      });
    });
    return;
  }
  // Written to stderr directly: jest hides console output of suites whose tests are all skipped.
  process.stderr.write(
    `\nBrowser tests skipped (${name}): Chromium not found at ${CHROMIUM}. Install it with: ${INSTALL_HINT}\n`,
  );
  describe.skip(`${name} (skipped: no Chromium; install it with \`${INSTALL_HINT}\`)`, body);
}

export interface Stack {
  sandboxUrl: string;
  workbenchUrl: string;
  /** The local Exchange / Graph the workbench keeps its mailboxes in. */
  graph: LocalGraph;
  context: BrowserContext;
  page: Page;
  api: SandboxApi;
  /** What the sandbox persisted for a meeting, beyond what its API answers (notes, attendees). */
  stored(syncKey: string): { notes: string; attendees: string[] } | undefined;
  consoleErrors: string[];
  close(): Promise<void>;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  user?: string;
  idempotencyKey?: string;
  fault?: string;
}

/** The sandbox as a test sees it: its real API with dev tokens, and its /__sandbox control routes. */
export class SandboxApi {
  private tokens = new Map<string, string>();
  constructor(readonly url: string) {}

  async token(email: string): Promise<string> {
    const cached = this.tokens.get(email);
    if (cached) return cached;
    const res = await fetch(`${this.url}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    if (!res.ok) throw new Error(`dev token for ${email}: ${res.status}`);
    const { access_token } = (await res.json()) as { access_token: string };
    this.tokens.set(email, access_token);
    return access_token;
  }

  async get<T>(pathAndQuery: string, as = "alice@firm.example"): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${pathAndQuery}`, {
      headers: { authorization: `Bearer ${await this.token(as)}` },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async requests(): Promise<RequestLogEntry[]> {
    const res = await fetch(`${this.url}/__sandbox/requests`);
    return ((await res.json()) as { items: RequestLogEntry[] }).items;
  }

  /** The meeting writes (PUT /api/v1/meetings/{syncKey}) the sandbox received, oldest first. */
  async meetingWrites(): Promise<(RequestLogEntry & { syncKey: string })[]> {
    return (await this.requests())
      .filter((r) => r.method === "PUT" && /^\/api\/v1\/meetings\/[^/]+$/.test(r.path))
      .map((r) => ({ ...r, syncKey: decodeURIComponent(r.path.split("/").pop()!) }));
  }

  async documentUploads(): Promise<RequestLogEntry[]> {
    return (await this.requests()).filter((r) => r.method === "PUT" && /\/documents\//.test(r.path));
  }

  /** The meeting as InterAction stores it (GET /api/v1/meetings/{syncKey}), read as `as`. */
  async meeting<T = MeetingRecordView>(syncKey: string, as = "alice@firm.example"): Promise<T> {
    const { status, body } = await this.get<T>(`/api/v1/meetings/${encodeURIComponent(syncKey)}`, as);
    if (status !== 200) throw new Error(`GET meeting ${syncKey} as ${as}: ${status} ${JSON.stringify(body)}`);
    return body;
  }

  async faults(rules: Record<string, unknown>[]): Promise<void> {
    const res = await fetch(`${this.url}/__sandbox/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules }),
    });
    if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
  }

  async clock(): Promise<string> {
    return ((await (await fetch(`${this.url}/__sandbox/clock`)).json()) as { now: string }).now;
  }

  async webView(): Promise<string> {
    return (await fetch(`${this.url}/`)).text();
  }
}

/** An answer of the local Graph: status and parsed JSON. */
function httpsJson(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method ?? "GET", headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

export interface ExchangeItemView {
  itemId: string;
  restId: string;
  mailbox: string;
  iCalUId: string;
  subject: string;
  start: string;
  end: string;
  location: string;
  isCancelled: boolean;
  isOrganizer: boolean;
  responseStatus: string;
  attendees: { email: string; response: string }[];
  attachments: { id: string; name: string; size: number }[];
  customProperties: Record<string, string>;
}

/** The local Exchange as the tests read it: the Outlook protocol (what a mailbox holds) and Graph with an app token. */
export class LocalGraph {
  private token?: string;
  constructor(
    readonly endpoint: {
      url: string;
      graphUrl: string;
      tokenUrl: string;
      caPem: string;
      clientId: string;
      clientSecret: string;
    },
  ) {}

  /** Every item of a mailbox, as Exchange holds it (cancelled copies included). */
  async items(mailbox: string): Promise<ExchangeItemView[]> {
    const { status, body } = await httpsJson(
      `${this.endpoint.url}/exchange/mailboxes/${encodeURIComponent(mailbox)}/items`,
      this.endpoint.caPem,
    );
    if (status !== 200) throw new Error(`items of ${mailbox}: ${status} ${JSON.stringify(body)}`);
    return (body as { value: ExchangeItemView[] }).value;
  }

  /** An application token (client credentials), as a sync service would get one. */
  async appToken(): Promise<string> {
    if (this.token) return this.token;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.endpoint.clientId,
      client_secret: this.endpoint.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }).toString();
    const { status, body } = await httpsJson(this.endpoint.tokenUrl, this.endpoint.caPem, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(body)}`);
    this.token = (body as { access_token: string }).access_token;
    return this.token;
  }

  /** GET on Graph (path after /v1.0, or a full nextLink/deltaLink) with the app token. */
  async get<T>(pathOrUrl: string): Promise<{ status: number; body: T }> {
    const url = pathOrUrl.startsWith("https://") ? pathOrUrl : `${this.endpoint.graphUrl}${pathOrUrl}`;
    const res = await httpsJson(url, this.endpoint.caPem, {
      headers: { authorization: `Bearer ${await this.appToken()}` },
    });
    return res as { status: number; body: T };
  }

  /** Pages a calendarView delta to its deltaLink: every entry seen, and the link to follow later. */
  async delta(
    mailbox: string,
    window: { start: string; end: string },
    from?: string,
  ): Promise<{ entries: Record<string, unknown>[]; deltaLink: string }> {
    let next =
      from ??
      `/users/${encodeURIComponent(mailbox)}/calendarView/delta?startDateTime=${window.start}&endDateTime=${window.end}`;
    const entries: Record<string, unknown>[] = [];
    for (;;) {
      const { status, body } = await this.get<{
        value: Record<string, unknown>[];
        "@odata.nextLink"?: string;
        "@odata.deltaLink"?: string;
      }>(next);
      if (status !== 200) throw new Error(`delta of ${mailbox}: ${status} ${JSON.stringify(body)}`);
      entries.push(...body.value);
      if (body["@odata.deltaLink"]) return { entries, deltaLink: body["@odata.deltaLink"] };
      if (!body["@odata.nextLink"]) throw new Error("delta page with neither nextLink nor deltaLink");
      next = body["@odata.nextLink"];
    }
  }
}

export interface MeetingRecordView {
  id: string;
  syncKey: string;
  kind: "appointment" | "activity";
  status: "scheduled" | "cancelled";
  syncUntil: string;
  frozen: boolean;
  revision: number;
  subject: string;
  location: string;
  start: string;
  end: string;
  notes: string;
  attendees: { email: string; name: string; type: string; response: string }[];
  contacts: { id: string; name: string; email: string; companyId?: string }[];
  companies: { id: string; name: string }[];
  unresolvedAttendees: { email: string; name: string }[];
  documents: { id: string; name: string; size: number; sha256: string; contentType: string; documentKey: string }[];
  source?: { addedBy?: string; organizerEmail?: string };
  [key: string]: unknown;
}

export async function startStack(options: { distDir?: string; manifestFile?: string } = {}): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), "ia-browser-"));
  const sandbox = await startSandbox({ port: 0, dbFile: path.join(dir, "sandbox.db"), seed: "demo", controls: true });
  let graph: Awaited<ReturnType<typeof startGraph>> | undefined;
  let workbench: Awaited<ReturnType<typeof startWorkbench>> | undefined;
  let context: BrowserContext | undefined;
  try {
    // The local CA is kept with the repository's dev data (made once, reused), the mailboxes in the temp directory.
    graph = await startGraph({
      port: 0,
      dbFile: path.join(dir, "graph.db"),
      tlsDir: path.join(ROOT, ".data", "graph-tls"),
      clockUrl: `${sandbox.url}/__sandbox/clock`,
    });
    const endpoint = {
      url: graph.url,
      graphUrl: graph.graphUrl,
      tokenUrl: graph.tokenUrl,
      caPem: graph.caPem,
      clientId: graph.demoApp.clientId,
      clientSecret: graph.demoApp.clientSecret,
    };
    workbench = await startWorkbench({
      port: 0,
      sandboxUrl: sandbox.url,
      distDir: options.distDir ?? path.join(ROOT, "dist"),
      manifestFile: options.manifestFile,
      graph: endpoint,
    });
    context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
      locale: "en-US",
      timezoneId: "UTC",
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // Network failures the sandbox was told to inject are logged by Chromium as "Failed to load resource": those
      // are not script errors.
      if (m.type() === "error" && !/^Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
    });
    await page.goto(workbench.url);
    await page.waitForFunction(() => document.documentElement.dataset.workbenchReady === "true");
    const wb = workbench;
    const ctx = context;
    const g = graph;
    return {
      sandboxUrl: sandbox.url,
      workbenchUrl: workbench.url,
      graph: new LocalGraph(endpoint),
      context,
      page,
      api: new SandboxApi(sandbox.url),
      stored: (syncKey: string) => {
        const row = sandbox.db.prepare("SELECT id, notes FROM meetings WHERE sync_key = ?").get(syncKey) as
          { id: string; notes: string } | undefined;
        if (!row) return undefined;
        const attendees = sandbox.db
          .prepare("SELECT email FROM meeting_attendees WHERE meeting_id = ? ORDER BY position")
          .all(row.id) as { email: string }[];
        return { notes: row.notes, attendees: attendees.map((a) => a.email) };
      },
      consoleErrors,
      close: async () => {
        await ctx.close().catch(() => undefined);
        await wb.close();
        await g.close();
        await sandbox.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => undefined);
    await workbench?.close();
    await graph?.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------ workbench
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

/**
 * Polls until `probe` returns a truthy value (the sandbox is written by the add-in, asynchronously). The limit only
 * bounds a wait for something that should happen; it is generous because a loaded 2-core machine can stall the
 * browser for seconds, and a missed state still fails the test, with what it waited for.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
