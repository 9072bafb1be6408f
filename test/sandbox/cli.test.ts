// The sandbox's command line (`npm run sandbox -- ...`, dev/sandbox/main.ts): what each option sets, and that a
// mistake stops it with exit code 2 and a message naming the option, before anything listens.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { parseArgs } from "../../dev/sandbox/main";

describe("parseArgs", () => {
  it("defaults to port 4010, .data/sandbox.db, the demo seed and the controls", () => {
    expect(parseArgs([])).toEqual({ port: 4010, dbFile: ".data/sandbox.db", seed: "demo", controls: true });
  });

  it("takes --port 0 (a free port), --db, --seed none and --no-controls, as separate or inline values", () => {
    expect(parseArgs(["--port", "0", "--db", "/tmp/x.db", "--seed", "none", "--no-controls"])).toEqual({
      port: 0,
      dbFile: "/tmp/x.db",
      seed: "none",
      controls: false,
    });
    expect(parseArgs(["--port=65535", "--db=:memory:", "--seed=demo"])).toEqual({
      port: 65535,
      dbFile: ":memory:",
      seed: "demo",
      controls: true,
    });
  });

  it("takes --trusted-issuer (https, or http on the loopback) and --trusted-ca", () => {
    const issuer = "https://localhost:4020/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
    expect(parseArgs(["--trusted-issuer", issuer, "--trusted-ca", ".data/graph-tls/ca.pem"])).toMatchObject({
      trustedIssuer: issuer,
      trustedCaFile: ".data/graph-tls/ca.pem",
    });
    expect(parseArgs(["--trusted-issuer=http://127.0.0.1:9/t/v2.0"])).toMatchObject({
      trustedIssuer: "http://127.0.0.1:9/t/v2.0",
    });
  });

  it.each([
    [["--trusted-issuer", "http://login.example/t/v2.0"], /--trusted-issuer must be the issuer's https URL/],
    [["--trusted-issuer", "login.example"], /--trusted-issuer must be the issuer's https URL/],
    [["--trusted-ca"], /--trusted-ca needs a value/],
    [["--port", "70000"], /--port must be a number from 0 to 65535, not "70000"/],
    [["--port", "-1"], /--port must be a number from 0 to 65535, not "-1"/],
    [["--port", "abc"], /--port must be a number from 0 to 65535, not "abc"/],
    [["--port", "0x10"], /--port must be a number/],
    [["--port", "1e3"], /--port must be a number/],
    [["--port="], /--port needs a value/],
    [["--port"], /--port needs a value/],
    [["--db", "--seed", "none"], /--db needs a value/],
    [["--seed", "full"], /--seed must be demo or none, not "full"/],
    [["--no-controls=false"], /--no-controls takes no value/],
    [["--controls"], /Unknown option --controls/],
    [["4010"], /Unknown option 4010/],
  ])("refuses %j with a message naming the option and the usage", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
    expect(() => parseArgs(argv)).toThrow(/Usage: npm run sandbox -- --port <n> --db <file>/);
  });
});

describe("npm run sandbox with a bad option", () => {
  it("exits with code 2, says what is wrong on stderr and prints nothing on stdout", () => {
    const result = spawnSync("npm", ["run", "sandbox", "--silent", "--", "--port", "nope"], {
      cwd: path.resolve(__dirname, "../.."),
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "" },
      timeout: 60000,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^--port must be a number from 0 to 65535, not "nope"\. Usage: npm run sandbox/);
  }, 60000);
});
