// The commands bundle's polyfills behave like the engine's own built-ins: each is installed into this realm with the
// native one taken away, and compared with the native one on ordinary and edge-case arguments.
/* eslint-disable @typescript-eslint/no-explicit-any */
const TARGETS: [any, string][] = [
  [Promise.prototype, "finally"],
  [Object, "entries"],
  [Object, "values"],
  [Object, "fromEntries"],
  [Object, "getOwnPropertyDescriptors"],
  [String.prototype, "padStart"],
  [String.prototype, "trimEnd"],
  [Array.prototype, "flatMap"],
];

const native = new Map<string, any>(TARGETS.map(([o, k]) => [k, o[k]]));
const polyfilled = new Map<string, any>();

beforeAll(() => {
  for (const [o, k] of TARGETS) delete o[k];
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../../src/commands/polyfills");
  });
  for (const [o, k] of TARGETS) {
    polyfilled.set(k, o[k]);
    expect(Object.getOwnPropertyDescriptor(o, k)).toMatchObject({
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
});

afterAll(() => {
  for (const [o, k] of TARGETS)
    Object.defineProperty(o, k, { value: native.get(k), writable: true, configurable: true });
});

const both = (name: string, self: unknown, ...args: unknown[]) => {
  const run = (fn: any) => {
    try {
      return { value: fn.apply(self, args) };
    } catch (e) {
      return { threw: (e as Error).constructor.name };
    }
  };
  return [run(polyfilled.get(name)), run(native.get(name))];
};
const same = (name: string, self: unknown, ...args: unknown[]) => {
  const [mine, theirs] = both(name, self, ...args);
  expect(mine).toEqual(theirs);
};

describe("the commands bundle's polyfills match the native built-ins", () => {
  it("padStart", () => {
    for (const [s, n, f] of [
      ["7", 2, "0"],
      ["abc", 10, "12"],
      ["abc", 2, "0"],
      ["abc", 6, ""],
      ["abc", 5, undefined],
      ["abc", -1, "x"],
      ["abc", NaN, "x"],
      ["abc", "6", 0],
    ] as const)
      same("padStart", s, n, f);
    same("padStart", null, 3);
  });

  it("trimEnd", () => {
    for (const s of ["a  ", "a\t\n\r", "a\u00a0\ufeff", "  a", "", "a\u2028"]) same("trimEnd", s);
    same("trimEnd", undefined);
  });

  it("Object.entries, values, fromEntries, getOwnPropertyDescriptors", () => {
    const sym = Symbol("s");
    const o = Object.defineProperty({ a: 1, b: "x", [sym]: 2 }, "hidden", { value: 3, enumerable: false });
    for (const name of ["entries", "values", "getOwnPropertyDescriptors"]) {
      same(name, Object, o);
      same(name, Object, "ab");
      same(name, Object, null);
    }
    same("fromEntries", Object, [
      ["a", 1],
      ["__proto__", 2],
      [sym, 3],
    ]);
    same("fromEntries", Object, new Map([["k", "v"]]));
    same("fromEntries", Object, [1]);
    same("fromEntries", Object, undefined);
  });

  it("flatMap", () => {
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1, , 3];
    same("flatMap", [1, 2, 3], (x: number) => [x, [x * 2]]);
    same("flatMap", holes, (x: number) => x);
    same("flatMap", [1], () => holes);
    same("flatMap", { length: 2, 0: "a", 1: "b" }, (x: string) => [x]);
    same("flatMap", [1], "not a function");
  });

  it("Promise.prototype.finally passes the value or the reason through, after the callback settles", async () => {
    const order: string[] = [];
    const finallyOf = polyfilled.get("finally");
    const value = await finallyOf.call(Promise.resolve(1), () => {
      order.push("cb");
      return new Promise((r) => setTimeout(r, 5));
    });
    expect(value).toBe(1);
    await expect(finallyOf.call(Promise.reject(new Error("no")), () => order.push("cb2"))).rejects.toThrow("no");
    await expect(finallyOf.call(Promise.resolve(1), () => Promise.reject(new Error("cb failed")))).rejects.toThrow(
      "cb failed",
    );
    expect(await finallyOf.call(Promise.resolve(2), undefined)).toBe(2);
    expect(order).toEqual(["cb", "cb2"]);
  });
});
