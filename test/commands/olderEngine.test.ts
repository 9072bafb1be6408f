// Classic Outlook builds before 2403 run commands.js on an ES2016 engine: besides the syntax (bundle.test.ts), the
// bundle must not need the built-ins that came later. Here the real production bundle runs in a node:vm context whose
// own intrinsics lose every ES2017+ built-in before it loads, and sends a meeting end to end against the sandbox.
import vm from "node:vm";
import { PROPERTY_NAME, decodeState } from "../../src/office/stateCodec";
import { newTopClientMeeting, runEvent, useDomlessRuntime } from "./domlessRuntime";

const rt = useDomlessRuntime();

/** ES2017 and later built-ins, as `owner.member` evaluated in the context. */
const LATER_BUILT_INS = [
  "Promise.prototype.finally",
  "Promise.allSettled",
  "Promise.any",
  "Object.entries",
  "Object.values",
  "Object.fromEntries",
  "Object.getOwnPropertyDescriptors",
  "Object.hasOwn",
  "String.prototype.padStart",
  "String.prototype.padEnd",
  "String.prototype.trimStart",
  "String.prototype.trimEnd",
  "String.prototype.matchAll",
  "String.prototype.replaceAll",
  "String.prototype.at",
  "Array.prototype.flat",
  "Array.prototype.flatMap",
  "Array.prototype.at",
  "Array.prototype.findLast",
  "Array.prototype.findLastIndex",
  "globalThis.AggregateError",
  "globalThis.WeakRef",
  "globalThis.FinalizationRegistry",
  "globalThis.BigInt",
  "globalThis.SharedArrayBuffer",
  "globalThis.Atomics",
];
/** Those the commands bundle brings itself (src/commands/polyfills.ts). */
const POLYFILLED = [
  "Promise.prototype.finally",
  "Object.entries",
  "Object.values",
  "Object.fromEntries",
  "Object.getOwnPropertyDescriptors",
  "String.prototype.padStart",
  "String.prototype.trimEnd",
  "Array.prototype.flatMap",
];

const owner = (path: string) => path.slice(0, path.lastIndexOf("."));
const member = (path: string) => path.slice(path.lastIndexOf(".") + 1);
// globalThis itself (ES2020) goes last, after everything else was taken through it.
const STRIP = `${LATER_BUILT_INS.map((p) => `delete ${owner(p)}[${JSON.stringify(member(p))}];`).join("\n")}
delete globalThis.globalThis;`;

describe("the commands bundle on an ES2016 engine (classic Outlook before 2403)", () => {
  it("the context really lacks the later built-ins before the bundle loads", () => {
    const context = vm.createContext({});
    vm.runInContext(STRIP, context);
    const present = vm.runInContext(
      `[${LATER_BUILT_INS.map((p) => `[${JSON.stringify(p)}, typeof this.${p.replace(/^globalThis\./, "")}]`).join(",")}]`.replace(
        /this\.(Promise|Object|String|Array)/g,
        "$1",
      ),
      context,
    ) as [string, string][];
    expect(present.filter(([, t]) => t !== "undefined")).toEqual([]);
    expect(vm.runInContext("typeof globalThis", context)).toBe("undefined");
  });

  it("sends a meeting end to end: one write, the item carries the sync key, and the send is allowed", async () => {
    await fetch(`${rt.sandbox.url}/__sandbox/reset`, { method: "POST" });
    const outlook = newTopClientMeeting();
    const { associated, context } = rt.loadBundle(outlook, new Map(), { prepare: STRIP });
    expect(await runEvent(associated.get("onAppointmentSend"))).toEqual({ allowEvent: true });

    const writes = (await rt.requestLog()).filter((r) => r.method === "PUT" && /^\/api\/v1\/meetings\//.test(r.path));
    expect(writes.map((w) => w.status)).toEqual([201]);
    outlook.commit();
    expect(decodeState(outlook.storedProperties()[PROPERTY_NAME])).toMatchObject({ revision: 1, deliveredRevision: 1 });
    // What is missing was brought by the bundle itself, and nothing else was.
    const installed = vm.runInContext(
      `[${POLYFILLED.map((p) => `typeof ${p}`).join(",")}, typeof globalThis]`,
      context,
    ) as string[];
    expect(installed.every((t) => t === "function" || t === "object")).toBe(true);
  }, 30_000);

  it("names no later built-in that it does not bring itself", () => {
    // A method is called as `.name(`; a static as `Owner.name`; a global by its name.
    const pattern = (p: string) =>
      p.includes(".prototype.")
        ? new RegExp(`\\.${member(p)}\\(`)
        : p.startsWith("globalThis.")
          ? new RegExp(`\\b${member(p)}\\b`)
          : new RegExp(`\\b${p.replace(".", "\\.")}\\b`);
    const used = LATER_BUILT_INS.filter((p) => !POLYFILLED.includes(p) && pattern(p).test(rt.source));
    expect(used).toEqual([]);
  });
});
