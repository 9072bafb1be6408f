// Security: what the add-in asks for and what its pages allow, checked in the shipped sources. The manifest asks for
// ReadWriteItem only (no mailbox-wide permission); the task pane has a Content-Security-Policy that allows no inline
// or evaluated script and no plugins; no source renders meeting content as HTML or evaluates strings as code.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const read = (p: string) => readFileSync(path.join(root, p), "utf8");

const cspOf = (html: string): Map<string, string[]> => {
  const meta = /<meta\s+[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
  if (!meta) throw new Error("no Content-Security-Policy meta element");
  const content = /content=(["'])([\s\S]*?)\1/i.exec(meta)?.[2] ?? "";
  return new Map(
    content
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    return statSync(path.join(root, rel)).isDirectory() ? sourceFiles(rel) : /\.(ts|tsx)$/.test(name) ? [rel] : [];
  });

describe("the manifest asks for the least privilege", () => {
  test("manifest.xml requests ReadWriteItem and nothing broader", () => {
    const xml = read("manifest.xml").replace(/<!--[\s\S]*?-->/g, "");
    const permissions = [...xml.matchAll(/<Permissions>\s*([^<]*?)\s*<\/Permissions>/g)].map((m) => m[1]);
    expect(permissions).toEqual(["ReadWriteItem"]);
    expect(xml).not.toMatch(/ReadWriteMailbox|Restricted|ReadItem<\/Permissions>/);
  });
});

describe("the task pane's Content-Security-Policy", () => {
  const html = read("src/taskpane/taskpane.html");
  const csp = cspOf(html);

  test("exists and falls back to 'self' for everything not named", () => {
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });

  test("allows no inline or evaluated script, only our bundles and Office.js", () => {
    const scripts = csp.get("script-src") ?? [];
    expect(scripts).toContain("'self'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts.filter((s) => s !== "'self'")).toEqual(["https://appsforoffice.microsoft.com"]);
    // And the page itself has no inline script for the policy to forbid.
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc=/.test(m[1]!));
    expect(inline).toEqual([]);
  });

  test("allows no plugins, no base-URI rewriting and no form posts", () => {
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'none'"]);
  });
});

// Every page the build ships (the HtmlWebpackPlugin templates): each is a page of the add-in's origin that Office
// may open, so each gets a policy. Found by listing, so a new page without one fails here.
const shippedPages = (): string[] => {
  const config = read("webpack.config.js");
  return [...config.matchAll(/template:\s*["']\.\/([^"']+\.html)["']/g)].map((m) => m[1] as string).sort();
};

describe("every shipped HTML page has a Content-Security-Policy", () => {
  test("the build ships the task pane, the commands runtime and the sign-in dialog", () => {
    expect(shippedPages()).toEqual([
      "src/authDialog/auth-dialog.html",
      "src/commands/commands.html",
      "src/taskpane/taskpane.html",
    ]);
  });

  test.each(shippedPages())("%s: no inline or evaluated script, no plugins, default 'self'", (page) => {
    const html = read(page);
    const csp = cspOf(html);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    const scripts = csp.get("script-src") ?? [];
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts.filter((s) => s !== "'self'")).toEqual(["https://appsforoffice.microsoft.com"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'none'"]);
    // Every external script the page loads is one the policy allows.
    for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/gi))
      expect(scripts.some((s) => s !== "'self'" && src!.startsWith(s))).toBe(/^https?:/.test(src!));
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc=/.test(m[1]!));
    expect(inline).toEqual([]);
  });

  test("the sign-in dialog talks only to its own origin and Microsoft sign-in (it holds the token)", () => {
    const csp = cspOf(read("src/authDialog/auth-dialog.html"));
    expect(csp.get("connect-src")).toEqual(["'self'", "https://login.microsoftonline.com"]);
    expect(csp.get("frame-src")).toEqual(["https://login.microsoftonline.com"]);
    // The authority the default configuration signs in with is one the dialog's policy allows.
    const { auth } = JSON.parse(read("config/addin-config.json")) as { auth: { authority: string } };
    expect(csp.get("connect-src")).toContain(new URL(auth.authority).origin);
  });
});

describe("meeting content is never treated as markup or code", () => {
  const files = ["src", "dev/sandbox"].flatMap(sourceFiles);

  test("no source sets HTML from strings or evaluates strings", () => {
    const offenders = files.filter((f) =>
      /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(|\beval\(|new Function\(/.test(
        read(f),
      ),
    );
    expect(offenders).toEqual([]);
  });

  test("the sandbox's web view escapes what it renders", async () => {
    const { startSandbox } = await import("../../dev/sandbox/server");
    const { signAccessToken } = await import("../../dev/sandbox/auth");
    const sandbox = await startSandbox({ port: 0, dbFile: ":memory:" });
    try {
      const token = await signAccessToken(sandbox.keys, { sub: "u-alice", email: "alice@firm.example" });
      const start = new Date(Date.now() + 86_400_000);
      const res = await fetch(`${sandbox.url}/api/v1/meetings/sk-xss`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          revision: 1,
          source: { organizerEmail: "alice@firm.example", addedBy: "organizer" },
          subject: `<script>alert("x")</script><img src=x onerror=alert(1)>`,
          location: "<b>Room</b>",
          start: start.toISOString(),
          end: new Date(start.getTime() + 3_600_000).toISOString(),
          notes: "",
          attendees: [],
          visibility: "everyone",
          activityTypeId: "at-meeting",
          cancelled: false,
          isRecurring: false,
          sensitivity: "normal",
        }),
      });
      expect(res.status).toBe(201);
      const page = await (await fetch(`${sandbox.url}/`)).text();
      expect(page).not.toContain("<script>alert");
      expect(page).not.toContain("<img src=x");
      expect(page).toContain("&lt;script&gt;");
    } finally {
      await sandbox.close();
    }
    // Importing and starting the sandbox compiles it first: seconds on a loaded 2-core machine.
  }, 30_000);
});
