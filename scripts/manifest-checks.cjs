// Reads manifest.xml into the facts the product relies on and checks the rules Office enforces at sideload time but
// no schema catches: every resid resolves to a resource of its VersionOverrides, resids are at most 32 characters,
// only ReadWriteItem is requested, every launch event names a handler. Used by `npm run validate` and the tests.
const { DOMParser } = require("@xmldom/xmldom");

const MAX_RESID = 32;

const elements = (node, localName) => Array.from(node.getElementsByTagNameNS("*", localName));
const childElements = (node) => Array.from(node.childNodes).filter((n) => n.nodeType === 1);
const xsiType = (el) =>
  el.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type") || el.getAttribute("xsi:type");

function parseXml(xml) {
  const errors = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") errors.push(message);
    },
  }).parseFromString(xml, "text/xml");
  if (errors.length > 0) throw new Error(`manifest.xml is not well-formed: ${errors.join("; ")}`);
  return doc;
}

/** One VersionOverrides block without the blocks nested in it. */
function ownElements(vo, localName) {
  return elements(vo, localName).filter((el) => {
    let p = el.parentNode;
    while (p && p !== vo) {
      if (p.localName === "VersionOverrides") return false;
      p = p.parentNode;
    }
    return true;
  });
}

function readManifest(xml) {
  const doc = parseXml(xml);
  const root = doc.documentElement;
  const versionOverrides = elements(root, "VersionOverrides").map((vo) => {
    const resources = ownElements(vo, "Resources")[0];
    const defined = new Map();
    if (resources) {
      for (const group of childElements(resources)) {
        for (const res of childElements(group)) {
          defined.set(res.getAttribute("id"), { kind: group.localName, value: res.getAttribute("DefaultValue") });
        }
      }
    }
    const references = ownElements(vo, "*")
      .filter((el) => el.hasAttribute("resid"))
      .map((el) => ({ element: el.localName, resid: el.getAttribute("resid") }));
    const launchEvents = ownElements(vo, "LaunchEvent").map((el) => ({
      type: el.getAttribute("Type"),
      functionName: el.getAttribute("FunctionName"),
      sendMode: el.getAttribute("SendMode") || undefined,
    }));
    const executeFunctions = ownElements(vo, "Action")
      .filter((a) => xsiType(a) === "ExecuteFunction")
      .map((a) => (ownElements(a, "FunctionName")[0]?.textContent || "").trim());
    const extensionPoints = ownElements(vo, "ExtensionPoint").map((ep) => ({
      type: xsiType(ep),
      controls: ownElements(ep, "Control").map((c) => {
        const action = ownElements(c, "Action")[0];
        const labelResid = ownElements(c, "Label")[0]?.getAttribute("resid");
        return {
          id: c.getAttribute("id"),
          label: defined.get(labelResid)?.value,
          action: action ? xsiType(action) : undefined,
          functionName: action
            ? (ownElements(action, "FunctionName")[0]?.textContent || "").trim() || undefined
            : undefined,
          supportsPinning: action
            ? (ownElements(action, "SupportsPinning")[0]?.textContent || "").trim() === "true"
            : false,
        };
      }),
      groups: ownElements(ep, "Group").map(
        (g) => defined.get(ownElements(g, "Label")[0]?.getAttribute("resid"))?.value,
      ),
    }));
    const runtimes = ownElements(vo, "Runtime").map((r) => ({
      resid: r.getAttribute("resid"),
      overrides: ownElements(r, "Override").map((o) => ({
        type: o.getAttribute("type"),
        resid: o.getAttribute("resid"),
      })),
    }));
    const minVersion = ownElements(vo, "Sets")[0]?.getAttribute("DefaultMinVersion") || undefined;
    return {
      type: xsiType(vo),
      defined,
      references,
      launchEvents,
      executeFunctions,
      extensionPoints,
      runtimes,
      minVersion,
    };
  });
  const permissions = elements(root, "Permissions").map((p) => p.textContent.trim());
  const minVersion = elements(root, "Set")
    .find((s) => s.getAttribute("Name") === "Mailbox")
    ?.getAttribute("MinVersion");
  return { type: xsiType(root), permissions, minVersion, versionOverrides };
}

/** Every problem found, in words; empty when the manifest is fine. */
function checkManifest(model) {
  const problems = [];
  if (model.type !== "MailApp") problems.push(`the add-in must be a MailApp (found ${model.type})`);
  if (model.permissions.length !== 1 || model.permissions[0] !== "ReadWriteItem") {
    problems.push(`the only permission must be ReadWriteItem (found ${model.permissions.join(", ") || "none"})`);
  }
  if (model.versionOverrides.length === 0)
    problems.push("no VersionOverrides: the ribbon and launch events are missing");
  for (const vo of model.versionOverrides) {
    for (const id of vo.defined.keys()) {
      if (id.length > MAX_RESID)
        problems.push(`${vo.type}: resource id "${id}" is longer than ${MAX_RESID} characters`);
    }
    for (const ref of vo.references) {
      if (ref.resid.length > MAX_RESID)
        problems.push(`${vo.type}: resid "${ref.resid}" is longer than ${MAX_RESID} characters`);
      if (!vo.defined.has(ref.resid))
        problems.push(`${vo.type}: <${ref.element} resid="${ref.resid}"> has no resource`);
    }
    for (const ev of vo.launchEvents) {
      if (!ev.functionName) problems.push(`${vo.type}: launch event ${ev.type} names no FunctionName`);
      if (ev.type === "OnAppointmentSend" && ev.sendMode !== "PromptUser") {
        problems.push(
          `${vo.type}: OnAppointmentSend must use SendMode="PromptUser" so a send is never held by InterAction`,
        );
      }
    }
    for (const fn of vo.executeFunctions)
      if (!fn) problems.push(`${vo.type}: an ExecuteFunction action names no function`);
    for (const rt of vo.runtimes) {
      for (const o of rt.overrides) {
        const url = vo.defined.get(o.resid)?.value || "";
        if (o.type === "javascript" && !/\.js$/.test(url))
          problems.push(`${vo.type}: the JavaScript override ${o.resid} must name a .js file`);
      }
    }
  }
  return problems;
}

/** Every function name the commands bundle must associate (launch events and ExecuteFunction buttons). */
function functionNames(model) {
  const names = new Set();
  for (const vo of model.versionOverrides) {
    for (const ev of vo.launchEvents) if (ev.functionName) names.add(ev.functionName);
    for (const fn of vo.executeFunctions) if (fn) names.add(fn);
  }
  return [...names].sort();
}

module.exports = { readManifest, checkManifest, functionNames, MAX_RESID };
