// `npm run validate [-- <manifest.xml>]`: checks the add-in manifest completely offline.
//  1. xmllint --noout: the XML is well-formed.
//  2. The rules Office enforces at sideload time (scripts/manifest-checks.cjs): resids resolve and are at most 32
//     characters, only ReadWriteItem, every launch event names a handler, Smart Alerts in PromptUser mode.
//  3. Conversion to the unified manifest for Microsoft 365 (office-addin-manifest-converter) and validation of the
//     result against the JSON schema bundled in @microsoft/app-manifest (AppManifestUtils.validateAgainstSchema
//     with the schema passed in: `validateManifest` would download it and fail offline).
// Any problem: a message saying what and where, and exit code 1.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifestPath = path.resolve(root, process.argv[2] || "manifest.xml");
const rel = path.relative(root, manifestPath) || manifestPath;

function fail(step, lines) {
  console.error(`✖ ${rel}: ${step}`);
  for (const line of [].concat(lines)) console.error(`  - ${line}`);
  process.exit(1);
}

async function main() {
  if (!existsSync(manifestPath)) fail("not found", [`no file at ${manifestPath}`]);

  // 1. Well-formed XML.
  const lint = spawnSync("xmllint", ["--noout", manifestPath], { encoding: "utf8" });
  if (lint.error) {
    fail("xmllint could not run", [
      lint.error.code === "ENOENT"
        ? "xmllint is not installed (Debian/Ubuntu: apt-get install libxml2-utils)"
        : String(lint.error),
    ]);
  }
  if (lint.status !== 0)
    fail(
      "is not well-formed XML (xmllint)",
      lint.stderr.split("\n").filter((l) => l.trim() !== "" && l.trim() !== "^"),
    );
  console.log("✔ well-formed XML (xmllint)");

  // 2. Office's own rules.
  const { readManifest, checkManifest, functionNames } = require("./manifest-checks.cjs");
  let model;
  try {
    model = readManifest(readFileSync(manifestPath, "utf8"));
  } catch (e) {
    fail("could not be read", [e.message]);
  }
  const problems = checkManifest(model);
  if (problems.length > 0) fail("breaks Office add-in rules", [...new Set(problems)]);
  console.log(
    `✔ resids resolve and fit 32 characters; ReadWriteItem only; handlers: ${functionNames(model).join(", ")}`,
  );

  // 3. Unified manifest: convert, then validate against the bundled schema.
  const { convert } = require("office-addin-manifest-converter");
  const { AppManifestUtils } = require("@microsoft/app-manifest");
  const out = mkdtempSync(path.join(os.tmpdir(), "ia-manifest-"));
  try {
    const log = console.log;
    console.log = () => {}; // the converter narrates every step
    try {
      await convert(manifestPath, out, false, undefined, undefined, false);
    } catch (e) {
      fail("could not be converted to the unified manifest", [e && e.message ? e.message : String(e)]);
    } finally {
      console.log = log;
    }
    const jsonPath = path.join(out, "manifest.json");
    if (!existsSync(jsonPath))
      fail("could not be converted to the unified manifest", ["the converter wrote no manifest.json"]);
    const json = JSON.parse(readFileSync(jsonPath, "utf8"));
    const version = json.manifestVersion;
    let schemaPath;
    try {
      schemaPath = require.resolve(
        `@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
      );
    } catch {
      fail("unified manifest version has no bundled schema", [
        `manifestVersion ${version} is not in @microsoft/app-manifest`,
      ]);
    }
    const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
    const errors = await AppManifestUtils.validateAgainstSchema(json, schema);
    if (errors.length > 0) fail(`the converted unified manifest (v${version}) breaks its schema`, errors);
    const actions = new Set(
      json.extensions
        .flatMap((x) => x.runtimes || [])
        .flatMap((r) => r.actions || [])
        .map((a) => a.id),
    );
    const missing = functionNames(model).filter((name) => !actions.has(name));
    if (missing.length > 0) fail("the converted unified manifest lost handlers", missing);
    console.log(`✔ unified manifest v${version} is valid against the bundled schema`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`✔ ${rel} is valid`);
}

main().catch((e) => fail("validation crashed", [e && e.stack ? e.stack : String(e)]));
