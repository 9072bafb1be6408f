// The contract tests check every answer with their own reading of the OpenAPI document (contractChecker.ts), not with
// the sandbox's validator. Proof: with the sandbox's own check disabled (as if it had a bug) and a handler answering
// a body that breaks the contract, the sandbox sends the broken answer and the harness still records it.
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { startHarness, type Harness } from "./harness";

jest.mock("../../dev/sandbox/contract", () => {
  const actual = jest.requireActual<typeof import("../../dev/sandbox/contract")>("../../dev/sandbox/contract");
  return { ...actual, responseViolations: () => [] }; // the sandbox's check of its own answers passes everything
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 30_000); // starting a sandbox compiles the contract: seconds on a loaded 2-core machine
afterAll(async () => {
  await h.close();
});

describe("a broken answer the sandbox's own validator lets through", () => {
  it("is recorded by the harness's independent check", async () => {
    const store = h.sandbox.store;
    const original = store.activityTypes.bind(store);
    // Ids must be strings and isDefault a boolean (ActivityType); this answer breaks both.
    store.activityTypes = () =>
      [{ id: 7, name: "Meeting", isDefault: "yes" }] as unknown as ReturnType<typeof original>;
    try {
      const token = await h.tokenFor("alice@firm.example");
      const response = await h.fetch(`${h.sandbox.url}/api/v1/activity-types`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200); // the sandbox did not catch it
      expect(h.violations).toEqual([
        "GET /api/v1/activity-types 200: response.0.id must be string; response.0.isDefault must be boolean",
      ]);
    } finally {
      store.activityTypes = original;
      h.violations.length = 0; // recorded as expected: the file must not fail on close for it
    }
  });

  it("an answer that keeps the contract is not recorded", async () => {
    const token = await h.tokenFor("alice@firm.example");
    const response = await h.fetch(`${h.sandbox.url}/api/v1/activity-types`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(h.violations).toEqual([]);
  });
});
