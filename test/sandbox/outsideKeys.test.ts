// Property tests: whatever Outlook, the add-in or a user names a thing (a document key, an attachment's file name, a
// sync key, an Idempotency-Key, a header, a query parameter, a JSON field), the sandbox keeps it as the string it is.
// Names that are also properties of every JavaScript object (`__proto__`, `constructor`, ...) are drawn often and
// always tried first (`examples`). A failure prints fast-check's seed and path; replay with { seed, path }.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { meeting, startHarness, type Harness } from "./harness";

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness();
  token = await h.tokenFor("alice@firm.example");
}, 30_000); // starting a sandbox compiles the contract: seconds on a loaded 2-core machine
afterAll(async () => {
  await h.close();
});

/** Names every plain object already answers to. */
const OBJECT_NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "valueOf",
  "isPrototypeOf",
  "__defineGetter__",
  "__lookupSetter__",
];
/**
 * A document key, sync key or Idempotency-Key (the contract's Key: `^[A-Za-z0-9._:~-]+$`, 1–128). "." and ".." are
 * left out: in a URL path they are dot segments that every client resolves away before sending.
 */
const keyArb = fc.oneof(
  fc.constantFrom(...OBJECT_NAMES),
  fc.stringMatching(/^[A-Za-z0-9._:~-]{1,40}$/).filter((k) => k !== "." && k !== ".."),
);
/** An attachment's name as a user typed it: any text (control characters and outer spaces aside). */
const fileNameArb = fc.oneof(
  fc.constantFrom(...OBJECT_NAMES, "__proto__.pdf", "constructor.docx"),
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
    .filter((s) => s === s.trim() && s.length > 0 && !/\p{Cc}/u.test(s)),
);
/** An HTTP header or query parameter name (RFC 9110 token). */
const tokenArb = fc.oneof(fc.constantFrom(...OBJECT_NAMES), fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,20}$/));

const auth = () => ({ authorization: `Bearer ${token}` });
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

describe("the sandbox holds any outside name", () => {
  it("documents keep every document key and file name, and replay by any Idempotency-Key", async () => {
    const documentsArb = fc.uniqueArray(fc.record({ documentKey: keyArb, name: fileNameArb }), {
      minLength: 1,
      maxLength: 4,
      selector: (d) => d.documentKey,
    });
    await fc.assert(
      fc.asyncProperty(keyArb, documentsArb, async (syncKey, documents) => {
        expect((await h.fetch(`${h.sandbox.url}/__sandbox/reset`, { method: "POST" })).status).toBe(204);
        const put = await h.fetch(`${h.sandbox.url}/api/v1/meetings/${syncKey}`, {
          method: "PUT",
          headers: { ...auth(), "content-type": "application/json" },
          body: JSON.stringify(meeting()),
        });
        expect(put.status).toBe(201);
        const stored = new Map<string, { id: string; bytes: string }>();
        for (const { documentKey, name } of documents) {
          const bytes = `${documentKey} / ${name}`;
          const upload = () =>
            h.fetch(`${h.sandbox.url}/api/v1/meetings/${syncKey}/documents/${documentKey}`, {
              method: "PUT",
              headers: {
                ...auth(),
                "content-type": "text/plain",
                "x-file-name": encodeURIComponent(name),
                "idempotency-key": documentKey,
              },
              body: bytes,
            });
          const first = await upload();
          expect(first.status).toBe(201);
          const body = await json(first);
          expect(body).toMatchObject({ documentKey, name });
          const again = await upload();
          expect(again.headers.get("idempotent-replayed")).toBe("true");
          expect(await json(again)).toEqual(body);
          stored.set(documentKey, { id: body.id as string, bytes });
        }
        const read = await h.fetch(`${h.sandbox.url}/api/v1/meetings/${syncKey}`, { headers: auth() });
        expect(read.status).toBe(200);
        const record = (await json(read)) as { syncKey: string; documents: { documentKey: string; name: string }[] };
        expect(record.syncKey).toBe(syncKey);
        const byKey = (a: { documentKey: string }, b: { documentKey: string }) =>
          a.documentKey < b.documentKey ? -1 : a.documentKey > b.documentKey ? 1 : 0;
        expect(record.documents.map((d) => ({ documentKey: d.documentKey, name: d.name })).sort(byKey)).toEqual(
          [...documents].sort(byKey),
        );
        for (const { id, bytes } of stored.values()) {
          const content = await h.fetch(`${h.sandbox.url}/api/v1/documents/${id}/content`, { headers: auth() });
          expect(await content.text()).toBe(bytes);
        }
      }),
      {
        numRuns: 25,
        examples: [
          ["__proto__", [{ documentKey: "constructor", name: "__proto__" }]],
          ["constructor", [{ documentKey: "__proto__", name: "constructor" }]],
        ],
      },
    );
  }, 120_000);

  it("any extra header or query parameter name changes nothing about the answer", async () => {
    const baseline = await (await h.fetch(`${h.sandbox.url}/api/v1/contacts?q=acme`, { headers: auth() })).text();
    await fc.assert(
      fc.asyncProperty(tokenArb, tokenArb, async (header, parameter) => {
        fc.pre(!["q", "email", "kind", "skip", "limit"].includes(parameter));
        fc.pre(!["authorization", "host", "content-length", "connection", "transfer-encoding"].includes(header));
        const response = await h.fetch(`${h.sandbox.url}/api/v1/contacts?q=acme&${encodeURIComponent(parameter)}=x`, {
          headers: { ...auth(), [header]: "x" },
        });
        expect(response.status).toBe(200);
        expect(await response.text()).toBe(baseline);
      }),
      {
        numRuns: 40,
        examples: [
          ["__proto__", "__proto__"],
          ["constructor", "constructor"],
        ],
      },
    );
  }, 60_000);

  it("a JSON body with any unknown field name is refused naming that field, and nothing is stored", async () => {
    const known = ["name", "email", "jobTitle", "companyId", "contactTypeIds"];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(keyArb, fc.string({ minLength: 1, maxLength: 12 })).filter((k) => !known.includes(k)),
        async (field) => {
          const email = `outside-${n++}@newco.example`;
          // Written by hand: JSON.stringify of an object literal would drop a `__proto__` key.
          const body = `{"name":"Nia Novak","email":${JSON.stringify(email)},${JSON.stringify(field)}:"x"}`;
          const response = await h.fetch(`${h.sandbox.url}/api/v1/contacts`, {
            method: "POST",
            headers: { ...auth(), "content-type": "application/json" },
            body,
          });
          expect(response.status).toBe(400);
          expect((await json(response)).details).toEqual([{ field: `body.${field}`, message: "is not allowed" }]);
          const search = await h.fetch(`${h.sandbox.url}/api/v1/contacts?email=${encodeURIComponent(email)}`, {
            headers: auth(),
          });
          expect((await json(search)).total).toBe(0);
        },
      ),
      { numRuns: 40, examples: [["__proto__"], ["constructor"]] },
    );
  }, 60_000);

  it("a contact may be called anything, including the names of object properties", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...OBJECT_NAMES), fileNameArb), async (name) => {
        const email = `named-${n++}@newco.example`;
        const response = await h.fetch(`${h.sandbox.url}/api/v1/contacts`, {
          method: "POST",
          headers: { ...auth(), "content-type": "application/json" },
          body: JSON.stringify({ name, email }),
        });
        expect(response.status).toBe(201);
        expect(await json(response)).toMatchObject({ name, email });
      }),
      { numRuns: 25, examples: [["__proto__"], ["constructor"]] },
    );
  }, 60_000);
});
