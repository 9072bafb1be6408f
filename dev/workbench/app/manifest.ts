// Reads the add-in's ribbon buttons, function file, runtime and launch events from manifest.xml itself (the same file
// Outlook reads), so the workbench never restates them. Uses the innermost VersionOverrides (1.1 when present), as a
// client that supports it does.

export interface RibbonButton {
  id: string;
  label: string;
  tip: string;
  icon?: string;
  action: { kind: "function"; functionName: string } | { kind: "taskpane"; url: string; pinnable: boolean };
}

export interface RibbonGroup {
  id: string;
  label: string;
  buttons: RibbonButton[];
}

export interface LaunchEventDecl {
  type: string;
  functionName: string;
  sendMode?: string;
}

export interface AddinManifest {
  /** The add-in's id (<Id>), lower case: Exchange keys its custom properties by it (cecp-<id>). */
  id: string;
  displayName: string;
  functionFileUrl?: string;
  runtimeUrl?: string;
  organizer: RibbonGroup[];
  attendee: RibbonGroup[];
  launchEvents: LaunchEventDecl[];
  iconUrl?: string;
}

const children = (el: Element, name: string) => Array.from(el.children).filter((c) => c.localName === name);
const child = (el: Element | undefined, name: string) => (el ? children(el, name)[0] : undefined);
const descendants = (el: Element, name: string) => Array.from(el.getElementsByTagNameNS("*", name));
const xsiType = (el: Element) =>
  el.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type") ?? el.getAttribute("xsi:type") ?? "";

/** Manifest URLs name the deployment origin; the workbench serves the same paths from its own origin. */
export function localUrl(url: string, origin: string): string {
  try {
    const u = new URL(url);
    return `${origin}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function parseManifest(xml: string, origin: string): AddinManifest {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`manifest.xml is not well-formed: ${error.textContent ?? ""}`);
  const root = doc.documentElement;
  const overrides = descendants(root, "VersionOverrides");
  // The innermost VersionOverrides wins (1.1 nested in 1.0).
  const vo = overrides.find((o) => descendants(o, "VersionOverrides").length === 0);
  if (!vo) throw new Error("manifest.xml has no VersionOverrides");

  const resources = child(vo, "Resources");
  const resource = (kind: string, id: string | null) => {
    if (!id || !resources) return "";
    const group = child(resources, kind);
    const el = group
      ? children(group, kind === "Images" ? "Image" : kind === "Urls" ? "Url" : "String").find(
          (e) => e.getAttribute("id") === id,
        )
      : undefined;
    return el?.getAttribute("DefaultValue") ?? "";
  };
  const url = (resid: string | null) => {
    const value = resource("Urls", resid);
    return value ? localUrl(value, origin) : undefined;
  };

  const host = descendants(vo, "Host").find((h) => xsiType(h) === "MailHost");
  const desktop = host ? child(host, "DesktopFormFactor") : undefined;
  const runtime = host ? descendants(host, "Runtime")[0] : undefined;
  const extensionPoints = desktop ? children(desktop, "ExtensionPoint") : [];

  const groupsOf = (type: string): RibbonGroup[] => {
    const point = extensionPoints.find((p) => xsiType(p) === type);
    if (!point) return [];
    return descendants(point, "Group").map((group) => ({
      id: group.getAttribute("id") ?? "",
      label: resource("ShortStrings", child(group, "Label")?.getAttribute("resid") ?? null),
      buttons: children(group, "Control")
        .filter((c) => xsiType(c) === "Button")
        .map((control): RibbonButton => {
          const action = child(control, "Action")!;
          const supertip = child(control, "Supertip");
          const icons = descendants(control, "Image");
          const icon16 = icons.find((i) => i.getAttribute("size") === "16") ?? icons[0];
          const actionType = xsiType(action);
          return {
            id: control.getAttribute("id") ?? "",
            label: resource("ShortStrings", child(control, "Label")?.getAttribute("resid") ?? null),
            tip: resource("LongStrings", child(supertip, "Description")?.getAttribute("resid") ?? null),
            icon: icon16 ? localUrl(resource("Images", icon16.getAttribute("resid")), origin) : undefined,
            action:
              actionType === "ExecuteFunction"
                ? { kind: "function", functionName: (child(action, "FunctionName")?.textContent ?? "").trim() }
                : {
                    kind: "taskpane",
                    url: url(child(action, "SourceLocation")?.getAttribute("resid") ?? null) ?? "",
                    pinnable: (child(action, "SupportsPinning")?.textContent ?? "").trim() === "true",
                  },
          };
        }),
    }));
  };

  const launchPoint = extensionPoints.find((p) => xsiType(p) === "LaunchEvent");
  const launchEvents = launchPoint
    ? descendants(launchPoint, "LaunchEvent").map((e) => ({
        type: e.getAttribute("Type") ?? "",
        functionName: e.getAttribute("FunctionName") ?? "",
        sendMode: e.getAttribute("SendMode") ?? undefined,
      }))
    : [];
  const iconUrl = child(root, "IconUrl")?.getAttribute("DefaultValue");

  return {
    id: (child(root, "Id")?.textContent ?? "").trim().replace(/[{}]/g, "").toLowerCase(),
    displayName: child(root, "DisplayName")?.getAttribute("DefaultValue") ?? "Add-in",
    functionFileUrl: url(desktop ? (child(desktop, "FunctionFile")?.getAttribute("resid") ?? null) : null),
    runtimeUrl: url(
      runtime?.getAttribute("resid") ??
        (launchPoint ? (child(launchPoint, "SourceLocation")?.getAttribute("resid") ?? null) : null),
    ),
    organizer: groupsOf("AppointmentOrganizerCommandSurface"),
    attendee: groupsOf("AppointmentAttendeeCommandSurface"),
    launchEvents,
    iconUrl: iconUrl ? localUrl(iconUrl, origin) : undefined,
  };
}
