// The fault schedules' determinism check compares traces: reads the add-in makes at once may reach the sandbox in
// either order (and a fault aimed at "the next read" may land on either), writes may not.
import { requestTrace } from "./schedules/oracle";
import type { RequestLogEntry } from "../support/reliabilitySandbox";

const at = "2026-12-06T00:00:00.000Z";
const get = (path: string, status = 200, fault?: string): RequestLogEntry => ({
  at,
  method: "GET",
  path,
  status,
  ...(fault ? { fault } : {}),
});
const put = (path: string, status: number, idempotencyKey: string): RequestLogEntry => ({
  at,
  method: "PUT",
  path,
  status,
  idempotencyKey,
});

test("concurrent reads in either order, the fault on either, trace alike", () => {
  const a = [
    get("/api/v1/settings/calendar-sync"),
    get("/api/v1/contact-types", 429, "status 429"),
    get("/api/v1/contacts"),
    put("/api/v1/meetings/k", 201, "k:r1"),
  ];
  const b = [
    get("/api/v1/contacts", 429, "status 429"),
    get("/api/v1/settings/calendar-sync"),
    get("/api/v1/contact-types"),
    put("/api/v1/meetings/k", 201, "k:r1"),
  ];
  expect(requestTrace(b)).toEqual(requestTrace(a));
});

test("writes keep their order, their answers and the reads around them", () => {
  const writes = [put("/api/v1/meetings/k", 201, "k:r1"), put("/api/v1/meetings/k", 200, "k:r2")];
  expect(requestTrace([...writes].reverse())).not.toEqual(requestTrace(writes));
  expect(requestTrace([put("/api/v1/meetings/k", 412, "k:r2")])).not.toEqual(
    requestTrace([put("/api/v1/meetings/k", 200, "k:r2")]),
  );
  // A read before a write is not the same schedule as the read after it.
  const read = get("/api/v1/meetings/k");
  expect(requestTrace([read, writes[0]!])).not.toEqual(requestTrace([writes[0]!, read]));
  // A read that failed is not a read that succeeded.
  expect(requestTrace([get("/api/v1/contacts", 503, "status 503")])).not.toEqual(
    requestTrace([get("/api/v1/contacts")]),
  );
});
