// The commands bundle runs in classic Outlook's JS-only runtime: ES2016 at most, one file, no dynamic import, no
// DOM at load time. These tests read the real production bundle.
import * as acorn from "acorn";
import * as walk from "acorn-walk";
import { readManifest, functionNames } from "../../scripts/manifest-checks.cjs";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { commandsBundle, ROOT } from "./bundle";

let source = "";
beforeAll(async () => {
  source = await commandsBundle();
}, 180_000);

describe("the commands bundle", () => {
  it("parses as ECMAScript 2016 (classic Outlook builds before 2403 reject newer syntax)", () => {
    expect(() => acorn.parse(source, { ecmaVersion: 2016, sourceType: "script" })).not.toThrow();
  });

  it("contains no dynamic import and loads no chunk", () => {
    const ast = acorn.parse(source, { ecmaVersion: "latest", sourceType: "script" });
    let dynamicImports = 0;
    walk.full(ast, (node) => {
      if (node.type === "ImportExpression") dynamicImports++;
    });
    expect(dynamicImports).toBe(0);
    expect(source).not.toMatch(/__webpack_require__\.e\(|importScripts|\.chunk\.js/);
  });

  it("touches neither document nor window while it loads", () => {
    const ast = acorn.parse(source, { ecmaVersion: "latest", sourceType: "script" }) as acorn.Node;
    // Identifiers evaluated at load time are those outside any function body.
    const topLevel: string[] = [];
    walk.fullAncestor(ast, (node, _state, ancestors) => {
      if (node.type !== "Identifier") return;
      const name = (node as acorn.Identifier).name;
      if (name !== "document" && name !== "window") return;
      const insideFunction = ancestors.some((a) =>
        ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"].includes(a.type),
      );
      if (!insideFunction) topLevel.push(name);
    });
    expect(topLevel).toEqual([]);
    // And for real: it loads in a context that has neither, and associates every handler.
    const associated: string[] = [];
    const context = vm.createContext({
      Office: { actions: { associate: (name: string) => associated.push(name) } },
      OfficeRuntime: { storage: {} },
      setTimeout,
      clearTimeout,
    });
    vm.runInContext(source, context, { filename: "commands.js" });
    const manifest = readManifest(readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
    expect(associated.sort()).toEqual(functionNames(manifest));
  });

  it("works when Office.onReady never fires (classic Outlook's JS-only runtime)", () => {
    const associated: string[] = [];
    const context = vm.createContext({
      Office: {
        onReady: () => new Promise(() => undefined),
        actions: { associate: (name: string) => associated.push(name) },
      },
      setTimeout,
      clearTimeout,
    });
    vm.runInContext(source, context);
    expect(associated).toHaveLength(8);
  });

  it("contains no React, ReactDOM or Fluent UI (the task pane's libraries stay in their own compilation)", () => {
    // Strings every React 18/19 and ReactDOM production build carries, whatever the minifier renames.
    const markers = [
      "react.element",
      "react.transitional.element",
      "react.fragment",
      "__SECRET_INTERNALS_DO_NOT_USE",
      "__CLIENT_INTERNALS_DO_NOT_USE",
      "Minified React error",
      "react.dev/errors",
      "unstable_scheduleCallback",
    ];
    // The markers do find React: each installed production build shows at least one.
    for (const [pkg, file] of [
      ["react", /^react\.production/],
      ["react-dom", /^react-dom(-client)?\.production/],
    ] as const) {
      const dir = path.join(ROOT, "node_modules", pkg, "cjs");
      const builds = readdirSync(dir).filter((f) => file.test(f));
      expect(builds.length).toBeGreaterThan(0);
      for (const f of builds) {
        const text = readFileSync(path.join(dir, f), "utf8");
        expect(markers.filter((m) => text.includes(m)).length).toBeGreaterThan(0);
      }
    }
    expect(markers.filter((m) => source.includes(m))).toEqual([]);
    expect(source).not.toMatch(/["'`]fui-[A-Z]/); // Fluent UI v9 class names
  });
});
