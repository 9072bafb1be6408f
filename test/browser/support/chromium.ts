// The browser the suite drives: Debian's Chromium (playwright-core), its flags, where screenshots go, and how the suite
// reports a missing browser.
import { existsSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.join(ROOT, "test-artifacts");
export const INSTALL_HINT = "apt-get install -y chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // The dialog fallback's sign-in window goes to the local identity provider itself (MSAL's authority must be
  // https), whose certificate comes from the local CA (dev/graph/tls.ts): the test browser accepts it, as a firm's
  // browsers trust their identity provider's. Everything else the suite opens is plain http on the loopback.
  "--ignore-certificate-errors",
];

export const hasChromium = existsSync(CHROMIUM);
export const hasBuild =
  existsSync(path.join(ROOT, "dist", "taskpane.html")) && existsSync(path.join(ROOT, "dist", "commands.html"));

/**
 * The browser suite needs Chromium. Without it the suite is reported as skipped (with the command that installs it);
 * under CI a missing browser is a failure, never a silent skip.
 */
export function browserSuite(name: string, body: () => void): void {
  if (hasChromium) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it("has Chromium to run in", () => {
        throw new Error(
          `Chromium is required for the browser tests (not found at ${CHROMIUM}). Install it: ${INSTALL_HINT}`,
        );
      });
    });
    return;
  }
  // Written to stderr directly: jest hides console output of suites whose tests are all skipped.
  process.stderr.write(
    `\nBrowser tests skipped (${name}): Chromium not found at ${CHROMIUM}. Install it with: ${INSTALL_HINT}\n`,
  );
  describe.skip(`${name} (skipped: no Chromium; install it with \`${INSTALL_HINT}\`)`, body);
}
