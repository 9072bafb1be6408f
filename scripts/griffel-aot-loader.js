// Build-time Griffel for the task pane's own styles: what @griffel/babel-preset does, for the one shape our code
// uses. Fluent's own components ship their styles already resolved (`__styles(classes, css)`); a `makeStyles({...})`
// call of ours, left as it is, makes the pane carry Griffel's style resolver (stylis, rtl-css-js, shorthand
// expansion: about 7 KB gzip) in the JS that must load before the first status. This loader runs after esbuild on
// src/taskpane, evaluates each top-level `makeStyles({...})` whose argument uses only literals and Fluent's `tokens`
// (CSS variable names), resolves it with Griffel's own resolveStyleRulesForSlots, and writes `__styles(classes, css)`
// in its place: the same class names and CSS rules the runtime would have made. A call it cannot evaluate is left as
// it was (correct, only bigger) and reported as a build warning.
const acorn = require("acorn");
const walk = require("acorn-walk");
const { resolveStyleRulesForSlots } = require("@griffel/core");
const { tokens } = require("@fluentui/tokens");

const FLUENT = "@fluentui/react-components";

/** Local names of `makeStyles` and `tokens` imported from Fluent in this module. */
function fluentImports(ast) {
  const names = { makeStyles: new Set(), tokens: new Set() };
  for (const node of ast.body) {
    if (node.type !== "ImportDeclaration" || node.source.value !== FLUENT) continue;
    for (const s of node.specifiers) {
      if (s.type === "ImportSpecifier" && s.imported.name in names) names[s.imported.name].add(s.local.name);
    }
  }
  return names;
}

module.exports = function griffelAotLoader(source) {
  if (!source.includes("makeStyles")) return source;
  const ast = acorn.parse(source, { ecmaVersion: "latest", sourceType: "module" });
  const names = fluentImports(ast);
  if (names.makeStyles.size === 0) return source;
  const tokenNames = [...names.tokens];
  const calls = [];
  walk.simple(ast, {
    CallExpression: (node) => {
      if (node.callee.type === "Identifier" && names.makeStyles.has(node.callee.name)) calls.push(node);
    },
  });
  const replacements = [];
  for (const call of calls) {
    const arg = call.arguments[0];
    const where = `${this.resourcePath}: makeStyles at offset ${call.start}`;
    if (call.arguments.length !== 1 || arg.type !== "ObjectExpression") {
      this.emitWarning(new Error(`${where} is not makeStyles({ ... }): left to the runtime`));
      continue;
    }
    let styles;
    try {
      // Only the imported `tokens` is in scope: any other identifier throws, and the call stays as it was.
      styles = new Function(...tokenNames, `"use strict"; return (${source.slice(arg.start, arg.end)});`)(
        ...tokenNames.map(() => tokens),
      );
    } catch (e) {
      this.emitWarning(new Error(`${where} cannot be resolved at build time (${e.message}): left to the runtime`));
      continue;
    }
    const [classes, css] = resolveStyleRulesForSlots(styles);
    replacements.push({
      start: call.start,
      end: call.end,
      text: `__griffelStyles(${JSON.stringify(classes)}, ${JSON.stringify(css)})`,
    });
  }
  if (replacements.length === 0) return source;
  let out = source;
  for (const r of replacements.sort((a, b) => b.start - a.start))
    out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return `import { __styles as __griffelStyles } from "${FLUENT}";\n${out}`;
};
