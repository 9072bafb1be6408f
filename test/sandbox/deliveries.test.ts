// MeetingRecord.deliveries: InterAction records which of the firm's applications made each write it accepted through
// a link (the access token's client: the add-in, or the firm's sync service), with the time, newest first, at most 10;
// a replayed request (same Idempotency-Key) records nothing more. Every answer is checked against the contract.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { meeting, startHarness, type Harness } from "./harness";

/** One body per revision (the same request sent again is a replay). */
const NOW = new Date("2026-12-01T12:00:00.000Z");

describe("deliveries: who wrote each accepted revision", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  const tokenAs = async (client: "addin" | "syncService" | undefined) => {
    const res = await h.fetch(`${h.sandbox.url}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "alice@firm.example", ...(client ? { client } : {}) }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const put = (token: string, syncKey: string, revision: number, key = `${syncKey}:r${revision}`) =>
    h.fetch(`${h.sandbox.url}/api/v1/meetings/${syncKey}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(meeting({ now: NOW, revision, subject: `Review r${revision}` })),
    });

  it("names the add-in and the sync service per revision, newest first, and a replay adds none", async () => {
    await h.setClock("2026-12-01T12:04:00.000Z");
    const addin = await tokenAs(undefined); // the add-in's dev token, as the task pane asks for it
    const service = await tokenAs("syncService");
    expect((await put(addin, "sk-deliveries", 1)).status).toBe(201);
    await h.setClock("2026-12-01T12:10:00.000Z");
    expect((await put(service, "sk-deliveries", 2)).status).toBe(200);
    expect((await put(service, "sk-deliveries", 2)).headers.get("idempotent-replayed")).toBe("true");

    const res = await h.fetch(`${h.sandbox.url}/api/v1/meetings/sk-deliveries`, {
      headers: { authorization: `Bearer ${addin}` },
    });
    const record = (await res.json()) as { revision: number; deliveries?: unknown };
    expect(record.revision).toBe(2);
    expect(record.deliveries).toEqual([
      { at: expect.stringMatching(/^2026-12-01T12:10:0\d\.\d{3}Z$/), revision: 2, by: "syncService" },
      { at: expect.stringMatching(/^2026-12-01T12:04:0\d\.\d{3}Z$/), revision: 1, by: "addin" },
    ]);
    // The sandbox's clock runs on from where it was set: the time of each write, to the second.
    // The write's own answer already carries it.
    const third = (await (await put(addin, "sk-deliveries", 3)).json()) as { deliveries: { by: string }[] };
    expect(third.deliveries.map((d) => d.by)).toEqual(["addin", "syncService", "addin"]);
    expect(h.violations).toEqual([]);
    await h.setClock(null);
  });

  it("answers the fingerprint the write of the link's current revision carried; a no-op write changes none", async () => {
    const addin = await tokenAs(undefined);
    const service = await tokenAs("syncService");
    const write = (token: string, revision: number, fingerprint?: string) =>
      h.fetch(`${h.sandbox.url}/api/v1/meetings/sk-fingerprint`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": `sk-fingerprint:${fingerprint ?? "none"}:r${revision}`,
        },
        body: JSON.stringify({
          ...meeting({ now: NOW, revision, subject: `Review r${revision}` }),
          ...(fingerprint ? { fingerprint } : {}),
        }),
      });
    const fingerprintIn = async (res: Response) => ((await res.json()) as { fingerprint?: string }).fingerprint;
    expect(await fingerprintIn(await write(addin, 1))).toBeUndefined(); // a writer that sends none
    expect(await fingerprintIn(await write(service, 2, "f-service"))).toBe("f-service");
    // The add-in's write of the revision the service already took is not applied: the record keeps the service's.
    expect(await fingerprintIn(await write(addin, 2, "f-addin"))).toBe("f-service");
    expect(await fingerprintIn(await write(addin, 3, "f-addin"))).toBe("f-addin");
    const read = await h.fetch(`${h.sandbox.url}/api/v1/meetings/sk-fingerprint`, {
      headers: { authorization: `Bearer ${addin}` },
    });
    expect(await fingerprintIn(read)).toBe("f-addin");
    expect(h.violations).toEqual([]);
  });

  it("keeps the latest 10", async () => {
    const service = await tokenAs("syncService");
    for (let r = 1; r <= 12; r++) expect((await put(service, "sk-deliveries-12", r)).status).toBeLessThan(300);
    const record = (await (await put(service, "sk-deliveries-12", 13)).json()) as {
      deliveries: { revision: number }[];
    };
    expect(record.deliveries.map((d) => d.revision)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    expect(h.violations).toEqual([]);
  });
});
