// Two projects: "unit" (node + jsdom, fast, no build needed) and "browser" (real Chromium against the built
// bundles; run after `npm run build`). ts-jest transpiles only; `npm run typecheck` is the type gate.
const tsJest = [
  "ts-jest",
  {
    isolatedModules: true,
    diagnostics: false,
    tsconfig: {
      module: "CommonJS",
      moduleResolution: "Node10",
      target: "ES2022",
      jsx: "react-jsx",
      esModuleInterop: true,
      resolveJsonModule: true,
      isolatedModules: true,
      allowJs: true,
    },
  },
];

// office-addin-mock 4 pulls in ESM-only strip-bom and uuid; jest on Node 20 loads CommonJS, so map them to
// small CommonJS equivalents.
const moduleNameMapper = {
  "^strip-bom$": "<rootDir>/test/support/cjs/strip-bom.js",
  "^uuid$": "<rootDir>/test/support/cjs/uuid.js",
  "\\.(css|svg|png)$": "<rootDir>/test/support/cjs/asset.js",
};

module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      roots: ["<rootDir>/test", "<rootDir>/src", "<rootDir>/dev"],
      testMatch: ["**/*.test.ts", "**/*.test.tsx"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/browser/"],
      transform: { "^.+\\.(t|j)sx?$": tsJest },
      transformIgnorePatterns: ["/node_modules/(?!(openapi-fetch)/)"],
      moduleNameMapper,
      setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
    },
    {
      displayName: "browser",
      testEnvironment: "node",
      roots: ["<rootDir>/test/browser"],
      testMatch: ["**/*.test.ts"],
      transform: { "^.+\\.(t|j)sx?$": tsJest },
      moduleNameMapper,
    },
  ],
};
