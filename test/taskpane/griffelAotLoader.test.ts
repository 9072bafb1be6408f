// The build-time Griffel loader (scripts/griffel-aot-loader.js): every makeStyles call of the pane's components is
// resolved at build time, and what the built module does at run time is what the runtime makeStyles would have done
// (same class names in both text directions, same CSS rules inserted), so the pane can drop Griffel's resolver.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as acorn from "acorn";
import * as walk from "acorn-walk";
import { transformSync } from "esbuild";
import * as griffel from "@griffel/core";
import { tokens } from "@fluentui/tokens";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require("../../scripts/griffel-aot-loader.js") as (
  this: { resourcePath: string; emitWarning(e: Error): void },
  source: string,
) => string;

const ROOT = path.resolve(__dirname, "../..");
const COMPONENTS = [
  "src/taskpane/components/App.tsx",
  "src/taskpane/components/MeetingPanel.tsx",
  "src/taskpane/components/styles.ts",
  "src/taskpane/components/ClientMeetings.tsx",
  "src/taskpane/components/Preferences.tsx",
];

/** What esbuild-loader hands the loader in the task pane build (TS/JSX stripped, ES modules kept). */
const esbuilt = (source: string, file: string) =>
  transformSync(source, {
    loader: file.endsWith(".tsx") ? "tsx" : "ts",
    format: "esm",
    target: "es2020",
    jsx: "automatic",
  }).code;

function runLoader(source: string, file = "test.js"): { code: string; warnings: string[] } {
  const warnings: string[] = [];
  const code = loader.call({ resourcePath: file, emitWarning: (e) => warnings.push(e.message) }, source);
  return { code, warnings };
}

type ComputeClasses = (options: { dir: "ltr" | "rtl"; renderer: unknown }) => Record<string, string>;

/**
 * Runs an ES module's top level with Fluent's style functions recorded (everything else it imports is an inert
 * stand-in), and returns the style hooks it made, in order.
 */
function styleHooksOf(esm: string): ComputeClasses[] {
  const made: ComputeClasses[] = [];
  const record =
    <A extends unknown[]>(fn: (...a: A) => ComputeClasses) =>
    (...a: A) => {
      const hook = fn(...a);
      made.push(hook);
      return hook;
    };
  const inert: unknown = new Proxy(function () {}, {
    get: (_t, key) => (key === "then" ? undefined : key === Symbol.toPrimitive ? () => "" : inert),
    apply: () => inert,
    construct: () => inert as object,
  });
  const fluent = {
    makeStyles: record(griffel.makeStyles as unknown as (s: unknown) => ComputeClasses),
    __styles: record(griffel.__styles as unknown as (c: unknown, r: unknown) => ComputeClasses),
    tokens,
  };
  const cjs = transformSync(esm, { format: "cjs", target: "es2020" }).code;
  const requireShim = (id: string) =>
    id === "@fluentui/react-components"
      ? new Proxy(fluent, { get: (t, k) => (k in t ? t[k as keyof typeof t] : inert) })
      : id === "react" || id === "react/jsx-runtime"
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports
          require(id)
        : inert;
  // Lazy chunks (import()) are never loaded here: a promise that stays pending stands in.
  const lazy = () => new Promise(() => {});
  new Function("require", "module", "exports", "__lazyImport", cjs.replace(/\bimport\(/g, "__lazyImport("))(
    requireShim,
    { exports: {} },
    {},
    lazy,
  );
  return made;
}

/** Class names per slot and the CSS rules a renderer is asked to insert, for both text directions. */
function applied(hook: ComputeClasses) {
  const out: Record<string, unknown> = {};
  for (const dir of ["ltr", "rtl"] as const) {
    const inserted: unknown[] = [];
    const renderer = { id: `r-${dir}`, insertCSSRules: (rules: unknown) => inserted.push(rules) };
    out[dir] = { classes: hook({ dir, renderer }), inserted };
  }
  return out;
}

const makeStylesCalls = (code: string): number => {
  let n = 0;
  walk.simple(acorn.parse(code, { ecmaVersion: "latest", sourceType: "module" }), {
    CallExpression: (node) => {
      const callee = (node as unknown as { callee: { type: string; name?: string } }).callee;
      if (callee.type === "Identifier" && callee.name === "makeStyles") n++;
    },
  });
  return n;
};

describe("the build-time Griffel loader", () => {
  it.each(COMPONENTS)("%s: every makeStyles is resolved at build time and behaves as the runtime's", (file) => {
    const before = esbuilt(readFileSync(path.join(ROOT, file), "utf8"), file);
    const { code, warnings } = runLoader(before, file);
    expect(warnings).toEqual([]);
    expect(makeStylesCalls(before)).toBeGreaterThan(0);
    expect(makeStylesCalls(code)).toBe(0);
    const runtime = styleHooksOf(before).map(applied);
    const built = styleHooksOf(code).map(applied);
    expect(built).toHaveLength(runtime.length);
    expect(built).toEqual(runtime);
  });

  it("shorthands, pseudo-classes, media queries and tokens come out as the runtime makes them", () => {
    const source = `import { makeStyles, tokens as t } from "@fluentui/react-components";
      export const useStyles = makeStyles({
        root: { padding: \`\${t.spacingVerticalM} 0\`, marginLeft: "4px", ":hover": { color: t.colorBrandForeground1 } },
        wide: { "@media (min-width: 600px)": { display: "grid", gap: "8px" }, borderBottom: "1px solid red" },
      });`;
    const { code, warnings } = runLoader(source);
    expect(warnings).toEqual([]);
    expect(code).toContain("__griffelStyles(");
    expect(styleHooksOf(code).map(applied)).toEqual(styleHooksOf(source).map(applied));
  });

  it("a makeStyles it cannot evaluate is left to the runtime, with a build warning that names it", () => {
    const source = `import { makeStyles } from "@fluentui/react-components";
      const size = 4;
      export const useStyles = makeStyles({ root: { width: size + "px" } });`;
    const { code, warnings } = runLoader(source, "Widget.tsx");
    expect(code).toBe(source);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Widget\.tsx: makeStyles at offset \d+ cannot be resolved at build time/);
  });

  it("a module without Fluent's makeStyles is untouched", () => {
    const source = `const makeStyles = (x) => x; export const s = makeStyles({ a: 1 });`;
    expect(runLoader(source).code).toBe(source);
  });
});
