/** @jest-environment jsdom */
// The dialog fallback's sign-in page: MSAL's redirect flow inside the Office dialog, the token handed to the add-in
// with messageParent and nowhere else.
const msal = {
  handleRedirectPromise: jest.fn(),
  getAllAccounts: jest.fn(() => [] as unknown[]),
  acquireTokenSilent: jest.fn(),
  acquireTokenRedirect: jest.fn(async () => undefined),
  initialize: jest.fn(async () => undefined),
  config: undefined as unknown,
};

jest.mock("@azure/msal-browser", () => ({
  PublicClientApplication: jest.fn().mockImplementation((config: unknown) => {
    msal.config = config;
    return msal;
  }),
}));

const sent: string[] = [];
(globalThis as unknown as { Office: unknown }).Office = {
  onReady: () => undefined,
  context: { ui: { messageParent: (m: string) => sent.push(m) } },
};

const config = {
  apiBaseUrl: "https://interaction.firm.example",
  auth: { mode: "naa", clientId: "client-1", scopes: ["api://ia/access_as_user"] },
};

beforeEach(() => {
  sent.length = 0;
  jest.clearAllMocks();
  global.fetch = jest.fn(async () => ({ ok: true, status: 200, json: async () => config })) as unknown as typeof fetch;
  document.body.innerHTML = '<p id="status"></p>';
});

describe("the sign-in page of the dialog fallback", () => {
  it("after Microsoft's redirect, hands the token to the add-in and stores nothing itself", async () => {
    msal.handleRedirectPromise.mockResolvedValueOnce({
      accessToken: "dialog-token",
      expiresOn: new Date(2_000_000_000_000),
    });
    const { signIn } = await import("../../src/authDialog/authDialog");
    await signIn();
    expect(sent.map((m) => JSON.parse(m))).toEqual([
      { status: "ok", accessToken: "dialog-token", expiresOn: 2_000_000_000_000 },
    ]);
    expect(msal.config).toMatchObject({ auth: { clientId: "client-1" }, cache: { cacheLocation: "sessionStorage" } });
    expect(JSON.stringify(window.localStorage)).not.toContain("dialog-token");
  });

  it("without a session, redirects to Microsoft sign-in for the configured scopes", async () => {
    msal.handleRedirectPromise.mockResolvedValueOnce(null);
    const { signIn } = await import("../../src/authDialog/authDialog");
    await signIn();
    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith({ scopes: ["api://ia/access_as_user"] });
    expect(sent).toEqual([]);
    expect(document.getElementById("status")?.textContent).toMatch(/Redirecting/);
  });

  it("a configuration without Entra sign-in is reported to the add-in", async () => {
    global.fetch = jest.fn(async () => ({
      ok: true,
      status: 200,
      json: async () => ({ apiBaseUrl: "http://127.0.0.1:4010", auth: { mode: "dev" } }),
    })) as unknown as typeof fetch;
    const { signIn } = await import("../../src/authDialog/authDialog");
    await signIn();
    expect(JSON.parse(sent[0] ?? "{}")).toMatchObject({ status: "error" });
  });
});
