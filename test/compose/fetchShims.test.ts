import {
  fetchAcceptingShims,
  installFetchShims,
  ShimAbortController,
  ShimHeaders,
  ShimRequest,
} from "../../src/compose/fetchShims";

describe("Fetch API stand-ins for classic Outlook's JavaScript-only runtime", () => {
  it("are installed only where the runtime lacks the real classes", () => {
    const bare: Record<string, unknown> = {};
    expect(installFetchShims(bare)).toEqual(["Headers", "Request", "AbortController"]);
    expect(bare.Headers).toBe(ShimHeaders);
    const browser: Record<string, unknown> = { Headers, Request, AbortController };
    expect(installFetchShims(browser)).toEqual([]);
    expect(browser.Headers).toBe(Headers);
  });

  it("headers are case-insensitive and iterate like the real ones", () => {
    const h = new ShimHeaders({ "Content-Type": "application/json" });
    h.set("authorization", "Bearer x");
    h.append("Accept", "a");
    h.append("accept", "b");
    expect(h.get("content-type")).toBe("application/json");
    expect(h.get("ACCEPT")).toBe("a, b");
    h.delete("Authorization");
    expect(h.has("authorization")).toBe(false);
    expect([...h.entries()]).toEqual([
      ["content-type", "application/json"],
      ["accept", "a, b"],
    ]);
  });

  it("a plain-object copy keeps headers named like Object members (__proto__, constructor) as its own entries", () => {
    const h = new ShimHeaders();
    h.set("__proto__", "p");
    h.set("constructor", "c");
    h.set("x-trace", "t");
    const plain = h.toObject();
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.entries(plain)).toEqual([
      ["__proto__", "p"],
      ["constructor", "c"],
      ["x-trace", "t"],
    ]);
  });

  it("the adapter hands the runtime's fetch a plain url and init for a stand-in Request", async () => {
    const seen: unknown[] = [];
    const base = (async (url: string, init: unknown) => {
      seen.push([url, init]);
      return new Response("{}");
    }) as unknown as typeof fetch;
    const request = new ShimRequest("https://ia.example/api/v1/me", {
      method: "put",
      headers: new ShimHeaders({ Authorization: "Bearer t" }),
      body: '{"a":1}',
    });
    await fetchAcceptingShims(base)(request as unknown as Request);
    expect(seen).toEqual([
      ["https://ia.example/api/v1/me", { method: "PUT", headers: { authorization: "Bearer t" }, body: '{"a":1}' }],
    ]);
  });

  it("an aborted stand-in signal rejects with an AbortError instead of reaching the runtime's fetch", async () => {
    const base = (() => new Promise(() => undefined)) as unknown as typeof fetch;
    const controller = new ShimAbortController();
    const pending = fetchAcceptingShims(base)(
      new ShimRequest("https://ia.example/x", { signal: controller.signal }) as unknown as Request,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("real Requests pass straight through", async () => {
    const base = jest.fn(async () => new Response("ok"));
    const real = new Request("https://ia.example/y");
    await fetchAcceptingShims(base as unknown as typeof fetch)(real);
    expect(base).toHaveBeenCalledWith(real, undefined);
  });
});
