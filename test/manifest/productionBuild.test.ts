// A production build for a real origin: every URL of the manifest moves to ADDIN_ORIGIN, the well-known file lists
// exactly the JavaScript-only runtime's URL, and the commands bundle knows where addin-config.json lives.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import webpack from "webpack";
import { resolveOrigin } from "../../scripts/deployment";
import { checkManifest, readManifest } from "../../scripts/manifest-checks.cjs";

const ROOT = path.resolve(__dirname, "..", "..");
const ORIGIN = "https://interaction-addin.firm.example";
let out = "";

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), "ia-prod-build-"));
  const previous = process.env.ADDIN_ORIGIN;
  process.env.ADDIN_ORIGIN = `${ORIGIN}/`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const configs = require(path.join(ROOT, "webpack.config.js"))(
      {},
      { mode: "production" },
    ) as webpack.Configuration[];
    const commands = configs.find((c) => c.name === "commands") as webpack.Configuration;
    await new Promise<void>((resolve, reject) =>
      webpack({ ...commands, context: ROOT, output: { ...commands.output, path: out } }, (err, stats) =>
        err || stats?.hasErrors() ? reject(err ?? new Error(stats?.toString("errors-only"))) : resolve(),
      ),
    );
  } finally {
    if (previous === undefined) delete process.env.ADDIN_ORIGIN;
    else process.env.ADDIN_ORIGIN = previous;
  }
}, 240_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("ADDIN_ORIGIN", () => {
  const resolve = (value: string) => resolveOrigin(true, { ADDIN_ORIGIN: value });

  it("is an origin: a trailing slash is dropped", () => {
    expect(resolve("https://interaction-addin.firm.example/")).toBe("https://interaction-addin.firm.example");
    expect(resolve(" https://addin.firm.example:8443 ")).toBe("https://addin.firm.example:8443");
  });

  it.each(["https://firm.example/interaction", "https://firm.example/interaction/", "https://firm.example/a/b"])(
    "with a path (%s) is refused: the well-known file must be at the root of the host",
    (value) => {
      expect(() => resolve(value)).toThrow(/without a path/);
      expect(() => resolve(value)).toThrow("/.well-known/microsoft-officeaddins-allowed.json");
      expect(() => resolve(value)).toThrow("ADDIN_ORIGIN=https://firm.example.");
    },
  );

  it.each([
    ["http://firm.example", /https/],
    ["https://firm.example/?x=1", /query or fragment/],
    ["https://user:pw@firm.example", /credentials/],
    ["firm.example", /absolute https URL/],
  ])("%s is refused", (value, message) => {
    expect(() => resolve(value)).toThrow(message);
  });
});

describe("a production build with ADDIN_ORIGIN", () => {
  it("emits the well-known file listing exactly the JavaScript-only runtime's URL", () => {
    const allowed = JSON.parse(readFileSync(path.join(out, ".well-known/microsoft-officeaddins-allowed.json"), "utf8"));
    expect(allowed).toEqual({ allowed: [`${ORIGIN}/commands.js`] });
  });

  it("rewrites every URL of the manifest to the production origin, and the result is still valid", () => {
    const xml = readFileSync(path.join(out, "manifest.xml"), "utf8");
    expect(xml).not.toContain("localhost");
    const model = readManifest(xml);
    expect(checkManifest(model)).toEqual([]);
    const latest = model.versionOverrides.find((v) => v.type === "VersionOverridesV1_1");
    expect(latest?.defined.get("Commands.JS.Url")?.value).toBe(`${ORIGIN}/commands.js`);
    expect(latest?.defined.get("Taskpane.Url")?.value).toBe(`${ORIGIN}/taskpane.html`);
  });

  it("ships the event runtime, its page, the sign-in dialog, the icons and the editable configuration", () => {
    for (const file of [
      "commands.js",
      "commands.html",
      "auth-dialog.html",
      "addin-config.json",
      "assets/icon-80.png",
    ]) {
      expect(existsSync(path.join(out, file))).toBe(true);
    }
    expect(readFileSync(path.join(out, "commands.js"), "utf8")).toContain(ORIGIN);
    // Office.js first, then the bundle, both blocking: the handlers are associated as soon as the page has loaded.
    const html = readFileSync(path.join(out, "commands.html"), "utf8");
    const officeJs = html.search(
      /<script[^>]*src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/,
    );
    const bundle = html.search(/<script[^>]*src="?commands\.js"?/);
    expect(officeJs).toBeGreaterThanOrEqual(0);
    expect(bundle).toBeGreaterThan(officeJs);
  });
});
