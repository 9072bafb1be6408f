// Signing in as in production, for the browser tests: a stack whose workbench plays an Outlook with nested app
// authentication (`auth: naa`), its sign-in controls (window.workbench: setAuth, signIn with a consent state, the
// sign-in window, revoked sessions, the bridge's log), and the checks every such test shares: what the pane shows
// (with the bridge and InterAction's last requests when it does not), and that no token leaked out of MSAL's cache.
import type { Page } from "playwright-core";
import { eventually, startStack, type Stack } from "./stack";
import { paneText, workbench } from "./workbench";

export type Consent = "granted" | "userConsentRequired" | "adminConsentRequired";
export interface BridgeLogEntry {
  frame: "taskpane" | "commands" | "dialog";
  method: string;
  outcome: string;
  status?: string;
  code?: string;
}

export const NAA_NOW = "2026-12-01T09:00:00.000Z";
export const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour)).toISOString();

/** The workbench's sign-in controls (window.workbench), beside the common ones of support/workbench.ts. */
export const signInControls = (page: Page) => {
  const call = <T>(name: string, ...args: unknown[]) =>
    page.evaluate(
      ([n, a]) =>
        (window as unknown as { workbench: Record<string, (...x: unknown[]) => unknown> }).workbench[n as string]!(
          ...(a as unknown[]),
        ),
      [name, args] as const,
    ) as Promise<T>;
  return {
    setAuth: (mode: "naa" | "dialog" | "dev") => call<void>("setAuth", mode),
    signIn: (email: string, consent: Consent = "granted") => call<void>("signIn", email, { consent }),
    answerSignIn: (choice: "accept" | "close") => call<void>("answerSignIn", choice),
    revokeSignIn: () => call<void>("revokeSignIn"),
    auth: () =>
      call<{ auth: { mode: string; signInWindowOpen: boolean; bridgeLog: BridgeLogEntry[] } }>("state").then(
        (s) => s.auth,
      ),
  };
};

export interface NaaWorld {
  stack: Stack;
  wb: ReturnType<typeof workbench>;
  auth: ReturnType<typeof signInControls>;
  /** Every URL the browser requested, and every console line, since the stack started. */
  requestedUrls: string[];
  consoleLines: string[];
  /** The sync keys of the meetings InterAction created or changed (200/201), oldest first. */
  writes(): Promise<string[]>;
  /** Waits until the task pane shows `text`; else fails with the pane, the bridge's and InterAction's last words. */
  paneShows(text: string | RegExp): Promise<void>;
  /** The bridge's log from entry `n` on. */
  bridgeSince(n: number): Promise<BridgeLogEntry[]>;
  /**
   * Every test starts as on a freshly set-up Outlook: no meeting or pane open, no add-in storage, Alice signed in
   * with the firm's consent, no faults, the clock at NAA_NOW.
   */
  freshStart(): Promise<void>;
  /** No JWT anywhere but MSAL's cache: custom properties, notifications, storage, the bridge log, console, URLs. */
  expectNoTokenLeak(): Promise<void>;
}

/** A stack in `auth: naa` at NAA_NOW, with its sign-in controls. */
export async function startNaaWorld(): Promise<NaaWorld> {
  const stack = await startStack();
  const wb = workbench(stack.page);
  const auth = signInControls(stack.page);
  await wb.setNow(NAA_NOW);
  await auth.setAuth("naa");
  const requestedUrls: string[] = [];
  const consoleLines: string[] = [];
  stack.context.on("request", (r) => requestedUrls.push(r.url()));
  stack.page.on("console", (m) => consoleLines.push(m.text()));
  // Windows the add-in opens (the dialog fallback's sign-in page) log too.
  stack.context.on("page", (p) => p.on("console", (m) => consoleLines.push(m.text())));
  const world: NaaWorld = {
    stack,
    wb,
    auth,
    requestedUrls,
    consoleLines,
    writes: async () =>
      (await stack.api.meetingWrites()).filter((w) => w.status === 200 || w.status === 201).map((w) => w.syncKey),
    paneShows: async (text) => {
      try {
        await eventually(
          async () => {
            const now = await paneText(stack.page);
            return typeof text === "string" ? now.includes(text) : text.test(now);
          },
          `the task pane to show ${String(text)}`,
        );
      } catch (e) {
        const bridge = (await auth.auth()).bridgeLog.slice(-6);
        const requests = (await stack.api.requests()).slice(-4);
        const pane = await paneText(stack.page).catch(() => "?");
        throw new Error(
          `${(e as Error).message}\npane: ${pane}\nbridge: ${JSON.stringify(bridge)}\nrequests: ${JSON.stringify(requests)}\nconsole: ${consoleLines
            .filter((l) => !l.startsWith("Failed to load resource"))
            .slice(-10)
            .join("\n")}`,
        );
      }
    },
    freshStart: async () => {
      await wb.close();
      await wb.closeTaskPane();
      await auth.setAuth("naa");
      // The add-in freshly installed: no user's add-in storage (MSAL's cache, cached firm settings, outbox), kept by
      // the workbench under "wb-user:<email>:". What an earlier test's user consented to, cached or queued must not
      // decide this test's outcome.
      await stack.page.evaluate(() => {
        for (const key of Object.keys(localStorage)) if (key.startsWith("wb-user:")) localStorage.removeItem(key);
      });
      await auth.signIn("alice@firm.example");
      await stack.api.faults([]);
      await wb.setNow(NAA_NOW);
    },
    bridgeSince: async (n) => (await auth.auth()).bridgeLog.slice(n),
    expectNoTokenLeak: async () => {
      const jwt = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/;
      const st = await wb.state();
      const places = {
        customProperties: st.meetings.map((m) => m.customProperties),
        notifications: st.notificationLog,
        bridgeLog: (await auth.auth()).bridgeLog,
        urls: requestedUrls,
        console: consoleLines,
        // Every user's storage (outbox, history, settings, config), except MSAL's own cache entries.
        storage: await stack.page.evaluate(() =>
          Object.keys(localStorage)
            .filter((k) => !/msal|accesstoken|idtoken|refreshtoken|account/i.test(k))
            .map((k) => [k, localStorage.getItem(k)]),
        ),
      };
      for (const [place, value] of Object.entries(places))
        expect([place, jwt.test(JSON.stringify(value))]).toEqual([place, false]);
    },
  };
  return world;
}
