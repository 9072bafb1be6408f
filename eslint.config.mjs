// Lint = the Office add-in conventions (eslint-plugin-office-addins, which runs prettier as a rule) + typescript-eslint
// + the architecture's dependency rules, so a layering mistake fails `npm test` instead of waiting for review.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const layer = (patterns, message) => patterns.map((group) => ({ group: [group], message }));

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
            ["../*", "react", "react-dom", "@fluentui/*", "@azure/*", "openapi-fetch", "node:*"],
            "src/core is the pure domain: it imports only other files of src/core.",
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
            ["../office/*", "../interaction/*", "../auth/*", "../taskpane/*", "../commands/*", "react", "@fluentui/*"],
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
  // Adapters never import the shells.
  {
    files: ["src/office/**/*.ts", "src/interaction/**/*.ts", "src/auth/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: layer(["../taskpane/*", "../commands/*"], "Adapters never import the shells.") },
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
            ["react", "react-dom", "@fluentui/*", "../taskpane/*"],
            "The commands bundle runs in a DOM-less JS runtime: no React, no task pane code.",
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
    files: ["src/taskpane/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: layer(
            ["../commands/*", "../../commands/*"],
            "The task pane and commands shells never import each other.",
          ),
        },
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
