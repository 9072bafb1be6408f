// Lint = the Office add-in conventions (eslint-plugin-office-addins, which runs prettier as a rule) + typescript-eslint
// + the architecture's dependency rules, so a layering mistake fails `npm test` instead of waiting for review.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import path from "node:path";
import { fileURLToPath } from "node:url";

const layer = (patterns, message) => patterns.map((group) => ({ group: [group], message }));

// The architecture's dependency rule, judged by where an import resolves (so "../x" from src/auth, "../../x" from
// src/auth/dialog and "./a/../../x" are the same import): which folders of src/ each folder may import. Package
// imports (react, MSAL, node:*) are judged by no-restricted-imports below. A folder outside src/ is named by its
// path from the repository root ("../config"); dev/ (sandbox, workbench) is in no list: the product never imports it.
const SRC = fileURLToPath(new URL("./src/", import.meta.url));
const ADAPTER = "Adapters implement the ports of src/sync; they never import src/compose or a shell.";
const SHELL = "A shell adapts: it reaches the use-cases through src/sync and the wiring through src/compose.";
const LAYERS = {
  core: { may: ["core"], why: "src/core is the pure domain: it imports only other files of src/core." },
  sync: { may: ["core", "sync"], why: "src/sync depends only on src/core and its ports; adapters implement them." },
  interaction: { may: ["core", "sync", "interaction"], why: ADAPTER },
  office: { may: ["core", "sync", "office"], why: ADAPTER },
  auth: { may: ["core", "sync", "auth"], why: ADAPTER },
  // The sync service's adapters: Microsoft Graph (msal-node, the Graph SDK) and the job queue and store (pg-boss on
  // PGlite or Postgres).
  graph: { may: ["core", "sync", "graph"], why: ADAPTER },
  queue: { may: ["core", "sync", "queue"], why: ADAPTER },
  compose: {
    may: ["core", "sync", "interaction", "office", "auth", "graph", "compose", "../config"],
    why: "src/compose wires the adapters into the use-cases; it never imports a shell.",
  },
  taskpane: { may: ["core", "sync", "compose", "taskpane"], why: SHELL },
  // The sign-in page speaks the dialog token provider's message format (src/auth), its other end.
  authDialog: { may: ["auth", "compose", "authDialog"], why: SHELL },
  // Today's imports of the commands shell; the task pane's code never enters its DOM-less bundle.
  commands: { may: ["core", "sync", "compose", "office", "auth", "commands"], why: SHELL },
  // The sync service (a Node process) is its own composition root: it wires the Graph, queue and InterAction
  // adapters itself (src/compose wires the add-in's browser and Office adapters).
  service: { may: ["core", "sync", "graph", "queue", "interaction", "service"], why: SHELL },
};

/** The folder of src/ (or, outside src/, "../<top folder>") a path lies in. */
const folderOf = (file) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel[0] === ".." ? `../${rel[1]}` : rel[0];
};

const layersPlugin = {
  rules: {
    imports: {
      meta: { type: "problem", schema: [], docs: { description: "Dependencies point inward (README's layer table)." } },
      create(context) {
        const from = folderOf(context.filename);
        const layer = LAYERS[from];
        if (!layer) return {};
        const check = (source) => {
          if (!source || typeof source.value !== "string" || !source.value.startsWith(".")) return;
          const to = folderOf(path.resolve(path.dirname(context.filename), source.value));
          if (layer.may.includes(to)) return;
          context.report({
            node: source,
            message: `src/${from} may not import ${to.startsWith("..") ? to.slice(3) : `src/${to}`} ("${source.value}"): ${layer.why}`,
          });
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
          TSImportType: (node) => check(node.argument?.literal ?? node.argument),
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      ".data/**",
      "coverage/**",
      "test-artifacts/**",
      "src/interaction/schema.d.ts",
      "test/support/cjs/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // eslint-plugin-office-addins bundles its own copy of the @typescript-eslint plugin; ESLint 9 refuses a second
  // definition, so its configs use the one registered above.
  ...officeAddins.configs.recommended.map((config) => {
    if (!config.plugins || !config.plugins["@typescript-eslint"]) return config;
    const { ["@typescript-eslint"]: _duplicate, ...plugins } = config.plugins;
    return { ...config, plugins };
  }),
  {
    languageOptions: {
      globals: {
        ...globals.es2021,
        ...globals.browser,
        ...globals.node,
        Office: "readonly",
        OfficeRuntime: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { layers: layersPlugin },
    rules: { "layers/imports": "error" },
  },
  {
    files: ["src/taskpane/**/*.tsx", "src/taskpane/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  // The domain is pure: no I/O, no Office, no clock reads. Time is always a parameter.
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: layer(
            ["react", "react-dom", "@fluentui/*", "@azure/*", "openapi-fetch", "node:*"],
            "src/core is the pure domain: no UI, sign-in, HTTP client or Node API.",
          ),
        },
      ],
      "no-restricted-globals": [
        "error",
        ...["Office", "OfficeRuntime", "fetch", "window", "document", "localStorage", "setTimeout", "setInterval"].map(
          (name) => ({ name, message: `src/core is pure: ${name} belongs in an adapter or use-case.` }),
        ),
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "src/core never reads the clock: take `now` as a parameter.",
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: "src/core never reads the clock: take `now` as a parameter.",
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: "src/core is deterministic: randomness (ids, jitter) is passed in.",
        },
      ],
    },
  },
  // Use-cases know core and their own ports, never adapters or shells.
  {
    files: ["src/sync/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: layer(
            ["react", "react-dom", "@fluentui/*", "@azure/*", "openapi-fetch"],
            "src/sync depends only on src/core and its ports; adapters implement the ports.",
          ),
        },
      ],
      "no-restricted-globals": [
        "error",
        ...["Office", "OfficeRuntime", "fetch", "window", "document", "localStorage"].map((name) => ({
          name,
          message: `src/sync reaches ${name} only through a port.`,
        })),
      ],
    },
  },
  // Adapters never import React (layers/imports keeps them from compose and the shells).
  {
    files: ["src/office/**/*.ts", "src/interaction/**/*.ts", "src/auth/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: layer(["react", "react-dom", "@fluentui/*"], "Adapters have no UI: the shells render.") },
      ],
    },
  },
  // The event runtime of classic Outlook has no DOM: the commands bundle must not touch it or React.
  {
    files: ["src/commands/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: layer(
            ["react", "react-dom", "@fluentui/*"],
            "The commands bundle runs in a DOM-less JS runtime: no React (layers/imports keeps task pane code out).",
          ),
        },
      ],
      "no-restricted-globals": [
        "error",
        ...["window", "document", "localStorage", "sessionStorage", "navigator"].map((name) => ({
          name,
          message: `Classic Outlook's event runtime has no ${name}.`,
        })),
      ],
    },
  },
  {
    files: ["test/**/*.{ts,tsx}", "**/*.test.{ts,tsx}"],
    languageOptions: { globals: { ...globals.jest } },
  },
  // The office-addins recommended config re-enables ESLint's base no-unused-vars after typescript-eslint turned it
  // off; on .tsx it flags parameter names inside function *types*. @typescript-eslint/no-unused-vars covers these.
  {
    files: ["src/taskpane/**/*.{ts,tsx}", "test/taskpane/**/*.{ts,tsx}"],
    rules: { "no-unused-vars": "off" },
  },
  {
    files: ["**/*.{js,cjs,mjs}"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
