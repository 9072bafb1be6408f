// The generated client types are part of the repository; they must always match the OpenAPI document.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { loadContract } from "../../dev/sandbox/contract";

const root = path.resolve(__dirname, "../..");

describe("the API contract", () => {
  it("the committed src/interaction/schema.d.ts is what `npm run generate:api` produces from the document", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interaction-schema-"));
    try {
      const out = path.join(dir, "schema.d.ts");
      const result = spawnSync(
        process.execPath,
        [path.join(root, "node_modules/openapi-typescript/bin/cli.js"), "api/interaction.openapi.yaml", "-o", out],
        { cwd: root, encoding: "utf8" },
      );
      expect(result.status).toBe(0);
      const committed = readFileSync(path.join(root, "src/interaction/schema.d.ts"), "utf8");
      const fresh = readFileSync(out, "utf8");
      if (committed !== fresh) {
        throw new Error("src/interaction/schema.d.ts is stale: run `npm run generate:api` and commit the result.");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has the fixed points other parts of the product rely on, each with an operation id and the error shape", () => {
    const { operations, doc } = loadContract();
    const routes = operations.map((o) => `${o.method} ${o.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        "GET /api/v1/me",
        "GET /api/v1/settings/calendar-sync",
        "PUT /api/v1/settings/calendar-sync",
        "GET /api/v1/contact-types",
        "GET /api/v1/activity-types",
        "GET /api/v1/contacts",
        "POST /api/v1/contacts",
        "GET /api/v1/meetings",
        "GET /api/v1/meetings/{syncKey}",
        "PUT /api/v1/meetings/{syncKey}",
        "PUT /api/v1/meetings/{syncKey}/documents/{documentKey}",
        "GET /api/v1/documents/{id}/content",
        "POST /dev/token",
        "GET /__sandbox/clock",
        "PUT /__sandbox/clock",
        "PUT /__sandbox/faults",
        "GET /__sandbox/requests",
        "POST /__sandbox/reset",
      ]),
    );
    expect((doc as { openapi: string }).openapi).toMatch(/^3\.1\./);
    for (const op of operations.filter((o) => o.path.startsWith("/api/"))) {
      expect(op.secured).toBe(true);
      expect(op.responses.has("401")).toBe(true);
      expect(op.responses.has("429")).toBe(true);
    }
    const upsert = operations.find((o) => o.operationId === "upsertMeeting");
    expect(upsert?.hasIdempotencyKey).toBe(true);
    expect([...(upsert?.responses.keys() ?? [])]).toEqual(
      expect.arrayContaining(["200", "201", "400", "401", "403", "409", "412", "422", "429"]),
    );
  });
});
