// The client runs where the add-in runs: bundled and lowered to ES2016 (as the commands bundle is), then executed
// in a bare JavaScript context that has fetch but no window, document, Node APIs or FormData.
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "@jest/globals";
import { buildSync } from "esbuild";

const root = path.resolve(__dirname, "../..");

describe("the client in a DOM-less event runtime", () => {
  it("bundles to ES2016 and talks to InterAction with only fetch, Request, Response and AbortController", async () => {
    const result = buildSync({
      entryPoints: [path.join(root, "src/interaction/index.ts")],
      bundle: true,
      write: false,
      format: "iife",
      globalName: "InterAction",
      platform: "neutral",
      mainFields: ["module", "main"],
      target: "es2016",
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/\brequire\(["']node:/);

    const seen: string[] = [];
    const fakeFetch = async (request: Request) => {
      seen.push(`${request.method} ${request.url} ${request.headers.get("authorization")}`);
      return new Response(JSON.stringify({ id: "u-1", email: "a@firm.example", name: "A", isAdmin: false }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    };
    const context = vm.createContext({
      fetch: fakeFetch,
      Request,
      Response,
      Headers,
      AbortController,
      URL,
      URLSearchParams,
      TextEncoder,
      setTimeout,
      clearTimeout,
    });
    vm.runInContext(code, context);
    const me = await vm.runInContext(
      `InterAction.createInterActionClient({ baseUrl: "https://ia.firm.example", getToken: () => Promise.resolve("t") }).me()`,
      context,
    );
    expect(me).toMatchObject({ email: "a@firm.example" });
    expect(seen).toEqual(["GET https://ia.firm.example/api/v1/me Bearer t"]);
    expect(vm.runInContext("typeof window + typeof document + typeof process", context)).toBe(
      "undefinedundefinedundefined",
    );
    // Attachments decode there too: no atob, so the table decoder, and no page, so no yields.
    expect(vm.runInContext("typeof atob", context)).toBe("undefined");
    const text = "Agenda: Q1 review\r\n".repeat(5000);
    const decoded = (await vm.runInContext(
      `InterAction.decodeBase64Chunked(${JSON.stringify(Buffer.from(text).toString("base64"))}, { yieldEvery: 4096 })`,
      context,
    )) as Uint8Array;
    expect(Buffer.from(decoded).toString("utf8")).toBe(text);
  });
});
