// manifest.xml against what Outlook enforces and what the product promises. The structural facts come from
// scripts/manifest-checks.cjs (also used by `npm run validate`); the commands side is the real handlers module.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkManifest, functionNames, MAX_RESID, readManifest } from "../../scripts/manifest-checks.cjs";
import { deployment, DEV_ORIGIN, resolveOrigin } from "../../scripts/deployment.js";
import { associateHandlers } from "../../src/commands/commands";

const ROOT = path.resolve(__dirname, "..", "..");
const xml = readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
const manifest = readManifest(xml);
const latest = manifest.versionOverrides.find((vo) => vo.type === "VersionOverridesV1_1");

/** The launch events Outlook supports for appointments (Microsoft's "Supported events" table). */
const OUTLOOK_APPOINTMENT_EVENTS = [
  "OnNewAppointmentOrganizer",
  "OnAppointmentOrganizer",
  "OnAppointmentAttachmentsChanged",
  "OnAppointmentAttendeesChanged",
  "OnAppointmentTimeChanged",
  "OnAppointmentRecurrenceChanged",
  "OnAppointmentSend",
  "OnAppointmentFromChanged",
  "OnSensitivityLabelChanged",
  "OnInfoBarDismissClicked",
];

describe("manifest.xml", () => {
  it("passes every rule Office enforces at sideload time", () => {
    expect(checkManifest(manifest)).toEqual([]);
  });

  it("asks only for ReadWriteItem", () => {
    expect(manifest.permissions).toEqual(["ReadWriteItem"]);
  });

  it("every resid resolves to a resource of its own VersionOverrides and fits 32 characters", () => {
    for (const vo of manifest.versionOverrides) {
      expect(vo.references.length).toBeGreaterThan(0);
      for (const ref of vo.references) {
        expect(ref.resid.length).toBeLessThanOrEqual(MAX_RESID);
        expect(vo.defined.has(ref.resid)).toBe(true);
      }
      for (const id of vo.defined.keys()) expect(id.length).toBeLessThanOrEqual(MAX_RESID);
    }
  });

  it("declares the minimum Mailbox requirement set and says why", () => {
    expect(manifest.minVersion).toBe("1.14");
    expect(latest?.minVersion).toBe("1.14");
    expect(xml).toMatch(/1\.14\s+item\.sensitivity/);
    expect(xml).toMatch(/1\.12\s+OnAppointmentSend/);
  });

  it("handles exactly the product's launch events, all of them real Outlook events", () => {
    const events = latest?.launchEvents ?? [];
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        "OnNewAppointmentOrganizer",
        "OnAppointmentOrganizer",
        "OnAppointmentTimeChanged",
        "OnAppointmentAttendeesChanged",
        "OnAppointmentRecurrenceChanged",
        "OnAppointmentAttachmentsChanged",
        "OnAppointmentSend",
      ].sort(),
    );
    for (const e of events) expect(OUTLOOK_APPOINTMENT_EVENTS).toContain(e.type);
  });

  it("lets a send through when the add-in cannot help: Smart Alerts in PromptUser mode", () => {
    expect(latest?.launchEvents.find((e) => e.type === "OnAppointmentSend")?.sendMode).toBe("PromptUser");
  });

  it('puts an "InterAction" group with both buttons on the organizer and attendee surfaces', () => {
    for (const surface of ["AppointmentOrganizerCommandSurface", "AppointmentAttendeeCommandSurface"]) {
      const point = latest?.extensionPoints.find((p) => p.type === surface);
      expect(point?.groups).toEqual(["InterAction"]);
      expect(point?.controls.map((c) => [c.label, c.action, c.functionName, c.supportsPinning])).toEqual([
        ["Add to InterAction", "ExecuteFunction", "addToInterAction", false],
        ["InterAction", "ShowTaskpane", undefined, true],
      ]);
    }
  });

  it("runs events in the HTML page, with the JavaScript-only override for classic Outlook on Windows", () => {
    expect(latest?.runtimes).toEqual([
      { resid: "Commands.Url", overrides: [{ type: "javascript", resid: "Commands.JS.Url" }] },
    ]);
    expect(latest?.defined.get("Commands.Url")?.value).toBe(`${DEV_ORIGIN}/commands.html`);
    expect(latest?.defined.get("Commands.JS.Url")?.value).toBe(`${DEV_ORIGIN}/commands.js`);
  });

  it("names only the dev origin, so the production build can rewrite every URL", () => {
    const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, "");
    const urls = withoutComments.match(/https?:\/\/[^"<\s]+/g) ?? [];
    expect(urls.filter((u) => u.startsWith(DEV_ORIGIN)).length).toBeGreaterThan(10);
    const external = urls.filter(
      (u) => !u.startsWith(`${DEV_ORIGIN}/`) && u !== DEV_ORIGIN && !u.startsWith("http://schemas."),
    );
    expect(external.filter((u) => !u.startsWith("http://www.w3.org/"))).toEqual([]);
  });
});

describe("the commands bundle associates every function the manifest names", () => {
  it("every LaunchEvent FunctionName and ExecuteFunction name is associated with Office.actions.associate", () => {
    const associated: string[] = [];
    associateHandlers({ actions: { associate: (name: string) => void associated.push(name) } });
    expect(associated.sort()).toEqual(functionNames(manifest));
  });

  it("the source calls Office.actions.associate (the entry point Outlook looks up)", () => {
    const source = readFileSync(path.join(ROOT, "src/commands/commands.ts"), "utf8");
    expect(source).toMatch(/office\.actions\.associate\(name, handlers\[name\]\)/);
    expect(source).toMatch(/associateHandlers\(Office\)/);
  });
});

describe("production URLs", () => {
  it("a production build rewrites the dev origin everywhere and lists the exact JavaScript URL", () => {
    const env = { ADDIN_ORIGIN: "https://interaction-addin.firm.example/" };
    const d = deployment(true, env);
    const rewritten = d.copyManifest.transform(Buffer.from(xml)) as string;
    expect(rewritten).not.toContain(DEV_ORIGIN);
    expect(rewritten).toContain("https://interaction-addin.firm.example/commands.js");
    expect(checkManifest(readManifest(rewritten))).toEqual([]);
    expect(d.origin).toBe("https://interaction-addin.firm.example");
  });

  it("a development build keeps the dev origin, and a non-https origin is refused", () => {
    expect(deployment(false, { ADDIN_ORIGIN: "https://prod.example" }).origin).toBe(DEV_ORIGIN);
    expect(() => resolveOrigin(true, { ADDIN_ORIGIN: "http://insecure.example" })).toThrow(/https/);
    expect(() => resolveOrigin(true, { ADDIN_ORIGIN: "not a url" })).toThrow(/absolute/);
  });
});

describe("npm run validate", () => {
  const run = (file?: string) =>
    spawnSync(process.execPath, [path.join(ROOT, "scripts/validate-manifest.mjs"), ...(file ? [file] : [])], {
      cwd: ROOT,
      encoding: "utf8",
    });

  it("passes offline for manifest.xml", () => {
    const result = run();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("unified manifest v1.17 is valid against the bundled schema");
  }, 60_000);

  it.each([
    ["malformed XML", (x: string) => x.replace("</OfficeApp>", ""), "well-formed"],
    ["a mailbox-wide permission", (x: string) => x.replace(">ReadWriteItem<", ">ReadWriteMailbox<"), "ReadWriteItem"],
    ["a dangling resid", (x: string) => x.replace('resid="Pane.Tip"', 'resid="Pane.Tipp"'), "has no resource"],
    [
      "a resid over 32 characters",
      (x: string) => x.split("Add.Tip").join("Add.Tip.ThatIsFarTooLongForOutlook"),
      "longer than 32",
    ],
    [
      "a blocking send mode",
      (x: string) => x.replace('"onAppointmentSend" SendMode="PromptUser"', '"onAppointmentSend" SendMode="Block"'),
      "PromptUser",
    ],
    ["an invalid add-in id", (x: string) => x.replace(/<Id>[^<]+<\/Id>/, "<Id>not-a-guid</Id>"), "unified manifest"],
  ])(
    "fails with a clear message for %s",
    (_name, mutate, expected) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "bad-manifest-"));
      const file = path.join(dir, "manifest.xml");
      writeFileSync(file, mutate(xml));
      const result = run(file);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(expected);
    },
    60_000,
  );
});
