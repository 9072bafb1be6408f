/** @jest-environment jsdom */
// The workbench reads the add-in's ribbon and launch events from manifest.xml itself, never restating them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { localUrl, parseManifest } from "./manifest";

const xml = readFileSync(path.resolve(__dirname, "..", "..", "..", "manifest.xml"), "utf8");
const origin = "http://127.0.0.1:4321";

describe("the workbench's reading of manifest.xml", () => {
  const manifest = parseManifest(xml, origin);

  it("offers the add-in's ribbon group on the organizer and attendee surfaces, as declared", () => {
    for (const surface of [manifest.organizer, manifest.attendee]) {
      expect(surface.map((g) => g.label)).toEqual(["InterAction"]);
      expect(surface[0]!.buttons.map((b) => [b.label, b.action.kind])).toEqual([
        ["Add to InterAction", "function"],
        ["InterAction", "taskpane"],
      ]);
    }
    expect(manifest.organizer[0]!.buttons[0]!.action).toEqual({ kind: "function", functionName: "addToInterAction" });
    expect(manifest.organizer[0]!.buttons[1]!.action).toEqual({
      kind: "taskpane",
      url: `${origin}/taskpane.html`,
      pinnable: true,
    });
  });

  it("dispatches every launch event the manifest maps, with the send mode of OnAppointmentSend", () => {
    const declared = [...xml.matchAll(/<LaunchEvent Type="(\w+)" FunctionName="(\w+)"/g)].map((m) => [m[1], m[2]]);
    expect(declared.length).toBeGreaterThan(0);
    expect(manifest.launchEvents.map((e) => [e.type, e.functionName])).toEqual(declared);
    expect(manifest.launchEvents.find((e) => e.type === "OnAppointmentSend")?.sendMode).toBe("PromptUser");
  });

  it("loads the runtime page and the function file from the workbench's own origin", () => {
    expect(manifest.runtimeUrl).toBe(`${origin}/commands.html`);
    expect(manifest.functionFileUrl).toBe(`${origin}/commands.html`);
    expect(localUrl("https://addins.firm.example/x/taskpane.html?a=1", origin)).toBe(`${origin}/x/taskpane.html?a=1`);
  });

  it("refuses a manifest that is not well-formed", () => {
    expect(() => parseManifest("<OfficeApp><VersionOverrides>", origin)).toThrow(/not well-formed/);
  });
});
