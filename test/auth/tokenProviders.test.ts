import type { Configuration, IPublicClientApplication } from "@azure/msal-browser";
import { createTokenProvider } from "../../src/auth";
import { createDevTokenProvider } from "../../src/auth/devTokenProvider";
import { createDialogTokenProvider } from "../../src/auth/dialogTokenProvider";
import { createNaaTokenProvider } from "../../src/auth/naaTokenProvider";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("dev tokens from the InterAction sandbox", () => {
  it("asks the sandbox for a token for the signed-in Outlook user and reuses it until it nearly expires", async () => {
    let now = 1_000_000;
    const requests: { url: string; body: unknown }[] = [];
    const fetch = jest.fn(async (url: string, init?: { body?: unknown }) => {
      requests.push({ url, body: JSON.parse(String(init?.body)) });
      return json(200, { access_token: `token-${requests.length}`, token_type: "Bearer", expires_in: 300 });
    });
    const provider = createDevTokenProvider({
      apiBaseUrl: "http://127.0.0.1:4010/",
      email: () => " Alice@Firm.example ",
      fetch: fetch as unknown as typeof globalThis.fetch,
      now: () => now,
    });
    expect(await provider.getAccessToken()).toBe("token-1");
    expect(await provider.getAccessToken()).toBe("token-1");
    expect(requests).toEqual([{ url: "http://127.0.0.1:4010/dev/token", body: { email: "alice@firm.example" } }]);
    now += 241_000; // inside the last minute of the token's life
    expect(await provider.getAccessToken()).toBe("token-2");
    provider.clear?.();
    expect(await provider.getAccessToken()).toBe("token-3");
  });

  it("an unknown user is told to ask for access and the failure is not retried", async () => {
    const provider = createDevTokenProvider({
      apiBaseUrl: "http://sandbox",
      email: () => "mallory@elsewhere.example",
      fetch: (async () => json(401, { code: "unauthorized", message: "Unknown user" })) as unknown as typeof fetch,
    });
    await expect(provider.getAccessToken()).rejects.toMatchObject({
      name: "InterActionError",
      code: "unauthorized",
      retryable: false,
    });
  });

  it("a sandbox that cannot be reached is a retryable failure", async () => {
    const provider = createDevTokenProvider({
      apiBaseUrl: "http://sandbox",
      email: () => "alice@firm.example",
      fetch: (async () => {
        throw new TypeError("fetch failed");
      }) as unknown as typeof fetch,
    });
    await expect(provider.getAccessToken()).rejects.toMatchObject({ code: "network", retryable: true });
  });

  it("concurrent callers share one request", async () => {
    let calls = 0;
    const provider = createDevTokenProvider({
      apiBaseUrl: "http://sandbox",
      email: () => "alice@firm.example",
      fetch: (async () => {
        calls++;
        return json(200, { access_token: "t", expires_in: 300 });
      }) as unknown as typeof fetch,
    });
    await Promise.all([provider.getAccessToken(), provider.getAccessToken(), provider.getAccessToken()]);
    expect(calls).toBe(1);
  });
});

const fakePca = (behaviour: { silent: "ok" | "interaction" | "fail"; popup?: "ok" | "fail" }) => {
  const calls: string[] = [];
  const silentRequests: { forceRefresh?: boolean }[] = [];
  const account = { homeAccountId: "h", username: "alice@firm.example" };
  const pca = {
    getActiveAccount: () => null,
    getAllAccounts: () => [],
    setActiveAccount: () => calls.push("setActiveAccount"),
    acquireTokenSilent: async (request: { forceRefresh?: boolean }) => {
      calls.push("silent");
      silentRequests.push(request);
      if (behaviour.silent === "ok") return { accessToken: "naa-silent", account };
      const e = new Error("interaction required") as Error & { errorCode?: string };
      if (behaviour.silent === "interaction") {
        e.name = "InteractionRequiredAuthError";
        e.errorCode = "interaction_required";
      }
      throw e;
    },
    acquireTokenPopup: async () => {
      calls.push("popup");
      if (behaviour.popup === "ok") return { accessToken: "naa-popup", account };
      throw new Error("user_cancelled");
    },
  } as unknown as IPublicClientApplication;
  const configs: Configuration[] = [];
  return {
    calls,
    silentRequests,
    configs,
    createPca: async (c: Configuration) => {
      configs.push(c);
      return pca;
    },
  };
};

describe("nested app authentication (MSAL)", () => {
  const base = {
    clientId: "11111111-2222-3333-4444-555555555555",
    authority: "https://login.microsoftonline.com/organizations",
    scopes: ["api://interaction.firm.example/access_as_user"],
  };

  it("gets a token silently, keeping it in MSAL's memory cache in event runtimes", async () => {
    const fake = fakePca({ silent: "ok" });
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    expect(await provider.getAccessToken()).toBe("naa-silent");
    expect(fake.configs[0]).toMatchObject({
      auth: { clientId: base.clientId },
      cache: { cacheLocation: "memoryStorage" },
    });
  });

  it("in an event, a sign-in that needs the user is never prompted: a retryable error asks to sign in from the pane", async () => {
    const fake = fakePca({ silent: "interaction", popup: "ok" });
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    await expect(provider.getAccessToken({ interactive: false })).rejects.toMatchObject({
      code: "unauthorized",
      retryable: true,
      message: expect.stringContaining("InterAction pane"),
    });
    expect(fake.calls).not.toContain("popup");
  });

  it("from the task pane, a failed silent call falls back to the popup", async () => {
    const fake = fakePca({ silent: "interaction", popup: "ok" });
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    expect(await provider.getAccessToken({ interactive: true })).toBe("naa-popup");
    expect(fake.calls).toEqual(["silent", "popup", "setActiveAccount"]);
  });

  it("after InterAction refused a token (401), clear() makes the next silent call fetch a new one, not MSAL's cached one", async () => {
    const fake = fakePca({ silent: "ok" });
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    await provider.getAccessToken();
    provider.clear?.();
    await provider.getAccessToken();
    await provider.getAccessToken();
    expect(fake.silentRequests.map((r) => r.forceRefresh === true)).toEqual([false, true, false]);
  });

  it("a cancelled popup is a readable error", async () => {
    const fake = fakePca({ silent: "fail", popup: "fail" });
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    await expect(provider.getAccessToken({ interactive: true })).rejects.toMatchObject({ code: "unauthorized" });
  });
});

describe("the dialog fallback where nested app authentication is unsupported", () => {
  const fakeUi = (message: unknown) => {
    const opened: string[] = [];
    let closed = 0;
    const ui = {
      displayDialogAsync: (url: string, _options: unknown, cb: (r: unknown) => void) => {
        opened.push(url);
        const handlers: Record<string, (arg: unknown) => void> = {};
        cb({
          status: "succeeded",
          value: {
            addEventHandler: (type: string, h: (arg: unknown) => void) => (handlers[type] = h),
            close: () => closed++,
          },
        });
        setTimeout(() => {
          if (message === "closed") handlers.dialogEventReceived?.({ error: 12006 });
          else handlers.dialogMessageReceived?.({ message: JSON.stringify(message) });
        }, 0);
      },
    } as unknown as Pick<Office.UI, "displayDialogAsync">;
    return { ui, opened, closed: () => closed };
  };

  it("opens the add-in's sign-in page and keeps the token it sends back in memory only", async () => {
    const fake = fakeUi({ status: "ok", accessToken: "dialog-token", expiresOn: Date.now() + 3_600_000 });
    const provider = createDialogTokenProvider({
      dialogUrl: "https://addin.firm.example/auth-dialog.html",
      ui: fake.ui,
    });
    expect(await provider.getAccessToken({ interactive: true })).toBe("dialog-token");
    expect(await provider.getAccessToken({ interactive: false })).toBe("dialog-token");
    expect(fake.opened).toEqual(["https://addin.firm.example/auth-dialog.html"]);
    expect(fake.closed()).toBe(1);
  });

  it("never opens a dialog from an event", async () => {
    const fake = fakeUi({ status: "ok", accessToken: "x", expiresOn: Date.now() + 3_600_000 });
    const provider = createDialogTokenProvider({ dialogUrl: "https://a/auth-dialog.html", ui: fake.ui });
    await expect(provider.getAccessToken()).rejects.toMatchObject({ code: "unauthorized", retryable: true });
    expect(fake.opened).toEqual([]);
  });

  it("a closed sign-in window or a failed sign-in is a readable error", async () => {
    for (const message of ["closed", { status: "error", message: "AADSTS50020" }]) {
      const fake = fakeUi(message);
      const provider = createDialogTokenProvider({ dialogUrl: "https://a/auth-dialog.html", ui: fake.ui });
      await expect(provider.getAccessToken({ interactive: true })).rejects.toMatchObject({ code: "unauthorized" });
    }
  });
});

describe("choosing the token provider", () => {
  it("dev mode uses the sandbox's token endpoint", async () => {
    const fetch = jest.fn(async () => json(200, { access_token: "dev", expires_in: 60 }));
    const provider = createTokenProvider(
      { mode: "dev" },
      {
        apiBaseUrl: "http://127.0.0.1:4010",
        email: () => "bob@firm.example",
        naaSupported: () => true,
        origin: "https://localhost:3000",
        runtime: "event",
        fetch: fetch as unknown as typeof globalThis.fetch,
      },
    );
    expect(await provider.getAccessToken()).toBe("dev");
    expect(fetch).toHaveBeenCalledWith("http://127.0.0.1:4010/dev/token", expect.objectContaining({ method: "POST" }));
  });

  it("naa mode without host support (and no user gesture) does not prompt", async () => {
    const provider = createTokenProvider(
      { mode: "naa", clientId: "c", scopes: ["s"] },
      {
        apiBaseUrl: "https://ia",
        email: () => "bob@firm.example",
        naaSupported: () => false,
        origin: "https://addin.firm.example",
        runtime: "event",
      },
    );
    await expect(provider.getAccessToken({ interactive: false })).rejects.toMatchObject({ code: "unauthorized" });
  });
});
