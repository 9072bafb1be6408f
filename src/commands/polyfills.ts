// ES2017+ built-ins for classic Outlook builds before 2403, whose JS-only runtime has an ES2016 engine: the syntax is
// lowered by esbuild, but built-ins are not, and MSAL, openapi-fetch and parts of our shared code call them. Imported
// first by the commands entry only (the task pane targets current browsers). Each is installed only when missing,
// non-enumerable like the real one, and follows the spec's observable behaviour for ordinary arguments. Only what the
// bundle calls is here (the size budget is tight); test/commands/olderEngine.test.ts fails when it calls another.
/* eslint-disable @typescript-eslint/no-explicit-any */

import { globalObject } from "../sync/globalObject";

type Fn = (this: any, ...args: any[]) => any;

/** The global object without ES2020's globalThis (a sloppy-mode function's `this`: no CSP in the JS-only runtime). */
const root = globalObject();

const define = (target: object, name: string, value: unknown) => {
  if (name in target) return;
  Object.defineProperty(target, name, { value, writable: true, enumerable: false, configurable: true });
};

// One short message for every misuse: the bundle's size budget is tight, and the stack says where.
const coercible = (value: unknown): unknown => {
  if (value === null || value === undefined) throw new TypeError("called on null or undefined");
  return value;
};

const toLength = (n: unknown): number => {
  const v = Math.trunc(Number(n)) || 0;
  return Math.min(Math.max(v, 0), Number.MAX_SAFE_INTEGER);
};

function padStart(this: unknown, maxLength: unknown, fillString?: unknown): string {
  const s = String(coercible(this));
  const target = toLength(maxLength);
  const fill = fillString === undefined ? " " : String(fillString);
  if (target <= s.length || fill === "") return s;
  const needed = target - s.length;
  const filler = fill.repeat(Math.ceil(needed / fill.length)).slice(0, needed);
  return filler + s;
}

export function installPolyfills(): void {
  define(root, "globalThis", root);

  define(Promise.prototype, "finally", function (this: Promise<unknown>, onFinally: unknown) {
    if (typeof onFinally !== "function") return this.then(onFinally as Fn, onFinally as Fn);
    const C: PromiseConstructor = (this.constructor as PromiseConstructor) || Promise;
    return this.then(
      (value) => C.resolve((onFinally as Fn)()).then(() => value),
      (reason) =>
        C.resolve((onFinally as Fn)()).then(() => {
          throw reason;
        }),
    );
  });

  define(Object, "entries", (o: object) => Object.keys(coercible(o) as object).map((k) => [k, (o as any)[k]]));
  define(Object, "values", (o: object) => Object.keys(coercible(o) as object).map((k) => (o as any)[k]));
  define(Object, "fromEntries", (entries: Iterable<readonly [PropertyKey, unknown]>) => {
    const out: Record<PropertyKey, unknown> = {};
    for (const entry of coercible(entries) as Iterable<readonly [PropertyKey, unknown]>) {
      if (Object(entry) !== entry) throw new TypeError("entry is not an object");
      Object.defineProperty(out, entry[0], { value: entry[1], writable: true, enumerable: true, configurable: true });
    }
    return out;
  });
  define(Object, "getOwnPropertyDescriptors", (o: object) => {
    const out: Record<PropertyKey, PropertyDescriptor> = {};
    for (const key of Reflect.ownKeys(Object(coercible(o)))) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d) out[key as string] = d;
    }
    return out;
  });

  define(String.prototype, "padStart", padStart);
  define(String.prototype, "trimEnd", function (this: unknown) {
    return String(coercible(this)).replace(/[\s\uFEFF\xA0]+$/, "");
  });

  define(Array.prototype, "flatMap", function (this: unknown, fn: Fn, thisArg?: unknown) {
    if (typeof fn !== "function") throw new TypeError("not a function");
    const source = Object(coercible(this)) as any[];
    const out: any[] = [];
    for (let i = 0; i < source.length; i++) {
      if (!(i in source)) continue; // holes are skipped, as in the spec
      const item = fn.call(thisArg, source[i], i, source);
      if (!Array.isArray(item)) out.push(item);
      else for (let j = 0; j < item.length; j++) if (j in item) out.push(item[j]);
    }
    return out;
  });
}

installPolyfills();
