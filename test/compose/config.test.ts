import {
  AddinConfigError,
  configUrl,
  DEFAULT_CONFIG,
  loadAddinConfig,
  loadAddinConfigCachedFirst,
  parseAddinConfig,
} from "../../src/compose/config";
import { memoryStorage } from "../../src/office/storage";

const respond = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe("addin-config.json, editable by IT without a rebuild", () => {
  it("the source default points at the sandbox with dev sign-in", () => {
    expect(parseAddinConfig(DEFAULT_CONFIG)).toMatchObject({
      apiBaseUrl: "http://127.0.0.1:4010",
      auth: { mode: "dev" },
    });
  });

  it("is fetched next to the page in page runtimes", () => {
    expect(configUrl({ pageUrl: "https://addin.firm.example/app/taskpane.html?x=1" })).toBe(
      "https://addin.firm.example/app/addin-config.json",
    );
    expect(configUrl({ url: "https://elsewhere/cfg.json" })).toBe("https://elsewhere/cfg.json");
  });

  it("a published configuration is used and remembered as the last good one", async () => {
    const storage = memoryStorage();
    const published = {
      apiBaseUrl: "https://interaction.firm.example/",
      auth: { mode: "naa", clientId: "abc", scopes: ["api://ia/access_as_user"] },
    };
    const first = await loadAddinConfig({
      url: "https://a/addin-config.json",
      fetch: respond(200, published),
      storage,
    });
    expect(first.source).toBe("published");
    expect(first.config.apiBaseUrl).toBe("https://interaction.firm.example");
    const offline = (async () => {
      throw new TypeError("offline");
    }) as unknown as typeof fetch;
    const second = await loadAddinConfig({ url: "https://a/addin-config.json", fetch: offline, storage });
    expect(second).toMatchObject({ source: "cached", config: { auth: { mode: "naa", clientId: "abc" } } });
    expect(second.problem).toMatch(/could not be reached/);
  });

  it("with nothing reachable and nothing remembered, the source default keeps events working", async () => {
    const result = await loadAddinConfig({
      url: "https://a/addin-config.json",
      fetch: respond(404, {}),
      storage: memoryStorage(),
    });
    expect(result).toMatchObject({ source: "default", problem: expect.stringContaining("HTTP 404") });
  });

  it.each([
    [{ apiBaseUrl: "ftp://x" }, "apiBaseUrl"],
    [{ apiBaseUrl: "https://x", auth: { mode: "magic" } }, "auth.mode"],
    [{ apiBaseUrl: "https://x", auth: { mode: "naa", scopes: ["s"] } }, "clientId"],
    [{ apiBaseUrl: "https://x", auth: { mode: "naa", clientId: "c", scopes: [] } }, "scopes"],
  ])("a broken file is refused with the field named (%j)", (value, field) => {
    expect(() => parseAddinConfig(value)).toThrow(AddinConfigError);
    expect(() => parseAddinConfig(value)).toThrow(field);
  });
});

describe("a configuration host that does not answer", () => {
  it("does not hold an event: after the timeout the last good copy is used", async () => {
    const storage = memoryStorage();
    await storage.setItem(
      "interaction.addinConfig",
      JSON.stringify({ apiBaseUrl: "https://cached.firm.example", auth: { mode: "dev" } }),
    );
    const hanging = (() => new Promise(() => undefined)) as unknown as typeof fetch;
    const result = await loadAddinConfig({
      url: "https://a/addin-config.json",
      fetch: hanging,
      storage,
      timeoutMs: 20,
    });
    expect(result).toMatchObject({ source: "cached", config: { apiBaseUrl: "https://cached.firm.example" } });
    expect(result.problem).toMatch(/in time/);
  });
});

describe("event runtimes use the last good copy first (a send cannot spend its budget on the config file)", () => {
  it("answers from the cache without waiting for the published file, which refreshes the cache for the next event", async () => {
    const storage = memoryStorage();
    await storage.setItem(
      "interaction.addinConfig",
      JSON.stringify({ apiBaseUrl: "https://old.firm.example", auth: { mode: "dev" } }),
    );
    let arrive: (r: Response) => void = () => undefined;
    const slow = (() => new Promise<Response>((resolve) => (arrive = resolve))) as unknown as typeof fetch;
    const first = await loadAddinConfigCachedFirst({ url: "https://a/addin-config.json", fetch: slow, storage });
    expect(first).toMatchObject({ source: "cached", config: { apiBaseUrl: "https://old.firm.example" } });
    arrive(new Response(JSON.stringify({ apiBaseUrl: "https://new.firm.example", auth: { mode: "dev" } })));
    await first.refresh;
    const next = await loadAddinConfigCachedFirst({
      url: "https://a/addin-config.json",
      fetch: (() => new Promise(() => undefined)) as unknown as typeof fetch,
      storage,
      timeoutMs: 10,
    });
    await next.refresh;
    expect(next.config.apiBaseUrl).toBe("https://new.firm.example");
  });

  it("with nothing cached yet, it loads the published file as before", async () => {
    const result = await loadAddinConfigCachedFirst({
      url: "https://a/addin-config.json",
      fetch: respond(200, { apiBaseUrl: "https://p.firm.example", auth: { mode: "dev" } }),
      storage: memoryStorage(),
    });
    expect(result).toMatchObject({ source: "published", config: { apiBaseUrl: "https://p.firm.example" } });
  });
});
