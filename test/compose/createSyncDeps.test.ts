import { createSyncDeps, uuidV4 } from "../../src/compose/createSyncDeps";
import { memoryStorage } from "../../src/office/storage";
import { createFakeOutlook } from "../support/fakeOutlook";

describe("the composition root", () => {
  it("builds every port the use-cases take from the Office item and the runtime storage", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "read" } });
    const deps = createSyncDeps({
      config: { apiBaseUrl: "http://127.0.0.1:1", auth: { mode: "dev" } },
      office: outlook.office,
      storage: memoryStorage(),
    });
    expect(Object.keys(deps).sort()).toEqual(
      ["api", "clock", "item", "notifier", "outbox", "random", "stateStore", "storage", "tokenProvider"].sort(),
    );
    expect((await deps.item.read()).role).toBe("attendee");
    expect(await deps.stateStore.load()).toBeNull();
    expect(await deps.outbox.load()).toEqual([]);
    expect(deps.random.newSyncKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("after InterAction rejects a token, the next request gets a fresh one", async () => {
    const outlook = createFakeOutlook();
    const tokens: string[] = [];
    let issued = 0;
    const fetch = (async (input: unknown, init?: { headers?: Record<string, string> }) => {
      const url = typeof input === "string" ? input : (input as Request).url;
      if (url.endsWith("/dev/token")) {
        issued++;
        return new Response(JSON.stringify({ access_token: `t${issued}`, expires_in: 3600 }), { status: 200 });
      }
      const auth =
        input instanceof Request ? input.headers.get("authorization") : (init?.headers?.authorization ?? null);
      tokens.push(String(auth));
      return auth === "Bearer t1"
        ? new Response(JSON.stringify({ code: "unauthorized", message: "expired" }), { status: 401 })
        : new Response(
            JSON.stringify({
              enabled: true,
              postMeetingSyncDays: 14,
              autoAddContactTypeIds: [],
              includeAssociatedCompanies: true,
              defaultActivityTypeId: "at-meeting",
              defaultVisibility: "everyone",
              firmDomains: ["firm.example"],
            }),
            { status: 200, headers: { "content-type": "application/json" } },
          );
    }) as unknown as typeof globalThis.fetch;
    const deps = createSyncDeps({
      config: { apiBaseUrl: "http://ia.test", auth: { mode: "dev" } },
      office: outlook.office,
      storage: memoryStorage(),
      fetch,
    });
    await expect(deps.api.getSettings()).resolves.toMatchObject({ enabled: true });
    expect(tokens).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("sync keys are RFC 4122 version 4 even without crypto", () => {
    let i = 0;
    const key = uuidV4(() => (i++ % 16) / 16, null);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(key).toBe("00102030-4050-4070-8090-a0b0c0d0e0f0");
    expect(uuidV4()).not.toBe(uuidV4());
  });
});
