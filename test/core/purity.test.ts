// Complements the lint rule: src/core stays pure even if someone disables lint for a line.
import { describe, expect, test } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const coreDir = join(__dirname, "../../src/core");
const files = readdirSync(coreDir).filter((f) => f.endsWith(".ts"));
// Comments may explain why something is absent; only code counts.
const code = (file: string) =>
  readFileSync(join(coreDir, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

describe("src/core is the pure domain", () => {
  test("there are core files to check", () => expect(files.length).toBeGreaterThan(10));

  test.each(files)("%s imports only other files of src/core", (file) => {
    const specifiers = [...code(file).matchAll(/(?:import|export)[^;]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]);
    const dynamic = [...code(file).matchAll(/(?:import|require)\s*\(\s*["']([^"']+)["']/g)].map((m) => m[1]);
    for (const s of [...specifiers, ...dynamic]) expect(s).toMatch(/^\.\/[\w.-]+$/);
  });

  test.each(files)("%s touches no Office, network, clock or randomness", (file) => {
    const text = code(file);
    expect(text).not.toMatch(/\bOffice(Runtime)?\b\s*\./);
    expect(text).not.toMatch(/\bfetch\s*\(/);
    expect(text).not.toMatch(/XMLHttpRequest|localStorage|\bwindow\.|\bdocument\./);
    expect(text).not.toMatch(/Date\.now\s*\(/);
    expect(text).not.toMatch(/new\s+Date\s*\(\s*\)/);
    expect(text).not.toMatch(/Math\.random/);
    expect(text).not.toMatch(/\bsetTimeout\b|\bsetInterval\b/);
    expect(text).not.toMatch(/from\s+["'](react|@fluentui|@azure|openapi-fetch|node:)/);
  });
});
