// The commands bundle's size budget as a test, not only a bench figure: classic Outlook's JavaScript-only runtime
// loads commands.js for every launch event, and the file carries MSAL for nested app authentication (issue 16). Gzip at
// zlib's default level 6 in KiB of 1,024 bytes, as bench/bundles.ts measures it.
import { gzipSync } from "node:zlib";
import { commandsBundle } from "./bundle";

const BUDGET_KIB = 100;

it(`commands.js, MSAL's nested app authentication included, stays within ${BUDGET_KIB} KiB gzip`, async () => {
  const source = await commandsBundle();
  // MSAL is really in it (its bridge proxy speaks this message type), so the budget covers the NAA path.
  expect(source).toContain("NestedAppAuthRequest");
  const kib = gzipSync(source, { level: 6 }).length / 1024;
  expect(kib).toBeLessThanOrEqual(BUDGET_KIB);
}, 180_000);
