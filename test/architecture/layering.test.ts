// The layering rule of eslint.config.mjs (layers/imports) judged on small sources placed, in name only, inside src/:
// an import is judged by the folder it resolves to, so "../x" from src/auth and "../../x" from a folder nested in it
// are caught alike (the auth dialog page once imported "../../compose/config" from src/auth/dialog unnoticed).
// ESLint runs in a child process: it loads eslint.config.mjs as an ES module, which jest's module system can't.
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

interface Case {
  file: string;
  code: string;
}

/** The import-rule messages ESLint reports for each source, as if it were the file named. */
function layerErrors(cases: Case[]): string[][] {
  const script = `
    const { ESLint } = require("eslint");
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
      const cases = JSON.parse(process.argv[1]);
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: require("node:path").join(${JSON.stringify(root)}, c.file) });
        out.push(result.messages.filter((m) => ["layers/imports", "no-restricted-imports"].includes(m.ruleId)).map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  const stdout = execFileSync(process.execPath, ["-e", script, JSON.stringify(cases)], { cwd: root, encoding: "utf8" });
  return JSON.parse(stdout) as string[][];
}

const forbidden: Case[] = [
  // The case that got through: a page filed under an adapter, importing compose from a nested folder.
  { file: "src/auth/dialog/page.ts", code: 'import { loadAddinConfig } from "../../compose/config";\n' },
  { file: "src/auth/page.ts", code: 'import { loadAddinConfig } from "../compose/config";\n' },
  { file: "src/office/wiring.ts", code: 'export { createSyncDeps } from "../compose";\n' },
  { file: "src/interaction/nested/x.ts", code: 'import type { Store } from "../../taskpane/state";\n' },
  { file: "src/sync/nested/x.ts", code: 'import { createRuntimeStorage } from "../../office";\n' },
  { file: "src/core/deep/er/x.ts", code: 'import type { Clock } from "../../../sync/ports";\n' },
  { file: "src/core/x.ts", code: 'import type { Clock } from "./a/../../sync/ports";\n' },
  { file: "src/taskpane/components/x.tsx", code: 'export * from "../../commands/handlers";\n' },
  { file: "src/commands/x.ts", code: 'export const state = () => import("../taskpane/state");\n' },
  { file: "src/taskpane/x.ts", code: 'import { startSandbox } from "../../dev/sandbox/server";\n' },
];

const allowed: Case[] = [
  { file: "src/compose/x.ts", code: 'import { createRuntimeStorage } from "../office";\n' },
  { file: "src/compose/x.ts", code: 'import defaults from "../../config/addin-config.json";\n' },
  { file: "src/taskpane/components/x.tsx", code: 'import { deriveStatus } from "../../core/status";\n' },
  { file: "src/sync/nested/x.ts", code: 'import type { Clock } from "../ports";\n' },
  { file: "src/authDialog/x.ts", code: 'import { loadAddinConfig } from "../compose/config";\n' },
];

describe("the layering lint rule", () => {
  // One ESLint process for every case (each start loads the whole configuration).
  let found: string[][];
  beforeAll(() => {
    found = layerErrors([...forbidden, ...allowed]);
  }, 60_000);

  test.each(forbidden.map((c, i) => [c.file, c.code.trim(), i] as const))(
    "%s: `%s` is refused, naming both folders",
    (file, _code, i) => {
      const messages = found[i] ?? [];
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(new RegExp(`^src/${file.split("/")[1]} may not import `));
    },
  );

  test.each(allowed.map((c, i) => [c.file, c.code.trim(), forbidden.length + i] as const))(
    "%s: `%s` is allowed",
    (_file, _code, i) => {
      expect(found[i]).toEqual([]);
    },
  );
});
