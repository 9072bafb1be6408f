// Dev aid: starts a throwaway sandbox + local Graph + workbench, runs one expression in the workbench page and saves a screenshot.
//   node dev/workbench/snapshot.mjs [distDir] ["async () => { await workbench.newMeeting({ subject: 'x' }); return workbench.state(); }"]
import { register as registerCjs } from "tsx/cjs/api";
import { createRequire } from "node:module";
registerCjs();
const require = createRequire(import.meta.url);
const { startSandbox } = require("../sandbox/server.ts");
const { startWorkbench } = require("./server.ts");
const { startGraph } = require("../graph/server.ts");
const { chromium } = await import("playwright-core");
const sandbox = await startSandbox({ port: 0, dbFile: ":memory:", seed: "demo" });
const graph = await startGraph({ port: 0, dbFile: ":memory:", clockUrl: `${sandbox.url}/__sandbox/clock` });
const wb = await startWorkbench({
  graph: {
    url: graph.url,
    graphUrl: graph.graphUrl,
    tokenUrl: graph.tokenUrl,
    caPem: graph.caPem,
    clientId: graph.demoApp.clientId,
    clientSecret: graph.demoApp.clientSecret,
  },
  port: 0,
  sandboxUrl: sandbox.url,
  distDir: process.argv[2] || new URL("../../dist", import.meta.url).pathname,
  manifestFile: new URL("../../manifest.xml", import.meta.url).pathname,
});
console.log(wb.url, sandbox.url);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
page.on("console", (m) => console.log("console:", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror:", e.message));
await page.goto(wb.url);
await page.waitForFunction(() => document.documentElement.dataset.workbenchReady === "true");
const script = process.argv[3];
if (script) {
  const fn = new Function("return (" + script + ")")();
  console.log(JSON.stringify(await page.evaluate(fn), null, 1));
}
await page.screenshot({ path: process.env.SHOT ?? "test-artifacts/workbench.png" });
await browser.close();
await wb.close();
await graph.close();
await sandbox.close();
