// The handlers wired for real (createSyncDeps: Office adapters over a fake Outlook, the typed client, dev tokens,
// runSync) against an in-process InterAction sandbox, for the flow tests: one sandbox per test file, reset before
// each test; `outlookWith` fires the real handlers over a fake Outlook, `writes` lists the meeting PUTs InterAction saw.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSandbox } from "../../dev/sandbox/server";
import { createCommandHandlers, type CompletableEvent } from "../../src/commands/handlers";
import { createSyncDeps } from "../../src/compose";
import { memoryStorage } from "../../src/office/storage";
import { PROPERTY_NAME, decodeState } from "../../src/office/stateCodec";
import { runSync } from "../../src/sync/runSync";
import type { KeyValueStorage } from "../../src/sync/ports";
import { createFakeOutlook, type FakeOutlookOptions } from "../support/fakeOutlook";

export function useFlowsSandbox() {
  let server: { url: string; close(): Promise<void> };
  let dir = "";

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ia-flows-"));
    server = await startSandbox({ port: 0, dbFile: path.join(dir, "sandbox.db"), seed: "demo", controls: true });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await fetch(`${server.url}/__sandbox/reset`, { method: "POST" });
  });

  const sandbox = {
    get url() {
      return server.url;
    },
  };

  const writes = async () => {
    const { items } = (await (await fetch(`${server.url}/__sandbox/requests`)).json()) as {
      items: { method: string; path: string; status: number }[];
    };
    return items.filter((r) => r.method === "PUT" && r.path.startsWith("/api/v1/meetings/"));
  };

  function outlookWith(options: FakeOutlookOptions, storage: KeyValueStorage = memoryStorage()) {
    const outlook = createFakeOutlook(options);
    const handlers = createCommandHandlers({
      deps: async () =>
        createSyncDeps({
          config: { apiBaseUrl: server.url, auth: { mode: "dev" } },
          office: outlook.office,
          storage,
          runtime: "event",
        }),
      runSync,
    });
    const fire = (name: keyof typeof handlers) =>
      new Promise<unknown>((resolve) => {
        const event: CompletableEvent = { completed: (o?: unknown) => resolve(o ?? "completed") };
        void handlers[name](event);
      });
    const state = () => {
      outlook.commit();
      return decodeState(outlook.storedProperties()[PROPERTY_NAME]);
    };
    const notices = () => [...outlook.notifications.values()].map((n) => n.message);
    return { outlook, fire, state, notices, storage };
  }

  return { sandbox, writes, outlookWith };
}
