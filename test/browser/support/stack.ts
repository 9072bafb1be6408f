// The browser suite's world: a fresh InterAction sandbox (temp SQLite, demo seed), the local Exchange / Graph and the
// Outlook workbench serving the real built add-in (dist/), all on ephemeral ports, and Debian's Chromium driven by
// playwright-core. The pieces live in their own modules (chromium, sandboxApi, localGraph, workbench); every name is
// re-exported here so tests import from one place.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startGraph } from "../../../dev/graph/server";
import { localIssuerTrust, trustIssuer } from "../../../dev/sandbox/gateway";
import { startSandbox } from "../../../dev/sandbox/server";
import { startWorkbench } from "../../../dev/workbench/server";
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from "./chromium";
import { LocalGraph } from "./localGraph";
import { SandboxApi } from "./sandboxApi";

export * from "./chromium";
export * from "./localGraph";
export * from "./sandboxApi";
export * from "./workbench";

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
    // The sandbox trusts the local identity provider as a firm's gateway trusts Entra ID, so the add-in's NAA and
    // dialog tokens (auth: naa | dialog) reach InterAction; its dev tokens stay for the quick paths (controls on).
    trustIssuer(sandbox, localIssuerTrust(graph));
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
    // Generous: on a loaded 2-core machine the first load (bundles, fonts, the add-in's config) can take long.
    await page.waitForFunction(() => document.documentElement.dataset.workbenchReady === "true", undefined, {
      timeout: 120_000,
    });
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
