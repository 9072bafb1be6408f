// What the user meets when signing in through nested app authentication: first-time consent, a closed window,
// a grant only an administrator can give, and the task pane asking for several tokens at once. MSAL is a fake here
// (its error shapes as @azure/msal-browser throws them); test/browser/naa.test.ts runs the real MSAL against the
// workbench's bridge.
import type { Configuration, IPublicClientApplication } from "@azure/msal-browser";
import { classifyNaaError, createNaaTokenProvider, createTokenProvider } from "../../src/auth";
import { messages } from "../../src/core/messages";

type Outcome = "ok" | "interaction" | "cancel" | "admin" | "fail";

/** MSAL's errors as it builds them from the bridge's answers (NestedAppAuthAdapter.fromBridgeError). */
const msalError = (outcome: Exclude<Outcome, "ok">): Error => {
  const make = (name: string, errorCode: string, errorMessage = "") =>
    Object.assign(new Error(`${errorCode}: ${errorMessage}`), { name, errorCode, errorMessage });
  if (outcome === "interaction")
    return make("InteractionRequiredAuthError", "interaction_required", "AADSTS65001: consent required");
  if (outcome === "cancel") return make("ClientAuthError", "user_canceled", "User cancelled the flow.");
  if (outcome === "admin")
    return make("ServerError", "invalid_grant", "AADSTS90094: Admin approval is required for this application.");
  return make("ServerError", "temporarily_unavailable", "AADSTS50196: try again");
};

const fakeMsal = (silent: Outcome[], popup: Outcome[]) => {
  const calls: string[] = [];
  let releasePopup: (() => void) | undefined;
  const account = { homeAccountId: "h", username: "alice@firm.example" };
  const next = (list: Outcome[]) => (list.length > 1 ? list.shift()! : list[0]!);
  const pca = {
    getActiveAccount: () => null,
    getAllAccounts: () => [],
    setActiveAccount: () => undefined,
    acquireTokenSilent: async () => {
      calls.push("silent");
      const o = next(silent);
      if (o === "ok") return { accessToken: "from-cache-or-bridge", account };
      throw msalError(o);
    },
    acquireTokenPopup: async () => {
      calls.push("popup");
      // The user takes a moment to answer, as in real life: every request of the pane meanwhile must wait for it.
      await new Promise<void>((resolve) => (releasePopup = resolve));
      const o = next(popup);
      if (o === "ok") return { accessToken: "after-consent", account };
      throw msalError(o);
    },
  } as unknown as IPublicClientApplication;
  return {
    calls,
    answerPopup: async () => {
      while (!releasePopup) await new Promise((r) => setTimeout(r, 1));
      const release = releasePopup;
      releasePopup = undefined;
      release();
    },
    createPca: async (_c: Configuration) => pca,
  };
};

const base = {
  clientId: "11111111-2222-3333-4444-555555555555",
  authority: "https://login.microsoftonline.com/organizations",
  scopes: ["api://interaction.firm.example/Meetings.ReadWrite"],
};

describe("what MSAL's errors mean for the user", () => {
  it("tells consent and revoked sessions, closed windows, admin-only grants and other failures apart", () => {
    expect(classifyNaaError(msalError("interaction"))).toBe("interaction");
    expect(classifyNaaError(msalError("cancel"))).toBe("cancelled");
    expect(classifyNaaError(msalError("admin"))).toBe("adminConsent");
    expect(classifyNaaError(msalError("fail"))).toBe("failed");
    expect(classifyNaaError(undefined)).toBe("failed");
  });
});

describe("signing in from the task pane (NAA)", () => {
  it("first-time consent: every request of the pane waits for one popup, and all get its token", async () => {
    const fake = fakeMsal(["interaction"], ["ok"]);
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    const pending = [1, 2, 3].map(() => provider.getAccessToken({ interactive: true }));
    await fake.answerPopup();
    expect(await Promise.all(pending)).toEqual(["after-consent", "after-consent", "after-consent"]);
    expect(fake.calls.filter((c) => c === "popup")).toHaveLength(1);
  });

  it("a closed popup says nothing was lost and how to go on; no window reopens until the user acts", async () => {
    const fake = fakeMsal(["interaction"], ["cancel", "ok"]);
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    const first = provider.getAccessToken({ interactive: true });
    await fake.answerPopup();
    await expect(first).rejects.toMatchObject({
      code: "unauthorized",
      retryable: true,
      message: messages.signIn.windowClosed,
    });
    // The pane's automatic reads after that (settings, groups...) do not bring the window back.
    await expect(provider.getAccessToken({ interactive: true })).rejects.toMatchObject({
      message: messages.signIn.windowClosed,
    });
    expect(fake.calls.filter((c) => c === "popup")).toHaveLength(1);
    // Retry (a user action) may show it again, and this time the user consents.
    provider.allowPrompt?.();
    const retried = provider.getAccessToken({ interactive: true });
    await fake.answerPopup();
    expect(await retried).toBe("after-consent");
    expect(fake.calls.filter((c) => c === "popup")).toHaveLength(2);
  });

  it("a grant only an administrator can give names the permission to grant, and is not prompted again and again", async () => {
    const fake = fakeMsal(["interaction"], ["admin"]);
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    const first = provider.getAccessToken({ interactive: true });
    await fake.answerPopup();
    const error = await first.catch((e: Error) => e);
    expect(error).toMatchObject({ code: "unauthorized", retryable: true });
    expect((error as Error).message).toContain("api://interaction.firm.example/Meetings.ReadWrite");
    expect((error as Error).message).toMatch(/administrator must grant admin consent/);
    expect((error as Error).message.length).toBeLessThanOrEqual(150);
  });

  it("a silent failure that no sign-in can fix is not answered with a popup", async () => {
    const fake = fakeMsal(["fail"], ["ok"]);
    const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
    await expect(provider.getAccessToken({ interactive: true })).rejects.toMatchObject({
      message: messages.signIn.failed,
    });
    expect(fake.calls).toEqual(["silent"]);
  });
});

describe("signing in from an event (NAA)", () => {
  it("never prompts: consent, a revoked session or an admin-only grant wait in the outbox, pointing to the pane", async () => {
    for (const [silent, said] of [
      ["interaction", messages.signIn.openPane],
      ["admin", messages.signIn.adminConsent(...base.scopes)],
    ] as const) {
      const fake = fakeMsal([silent], ["ok"]);
      const provider = createNaaTokenProvider({ ...base, createPca: fake.createPca });
      await expect(provider.getAccessToken({ interactive: false })).rejects.toMatchObject({
        code: "unauthorized",
        retryable: true,
        message: said,
      });
      expect(fake.calls).toEqual(["silent"]);
    }
  });

  it("the composed provider passes the pane's user action on to both sign-ins", async () => {
    const fake = fakeMsal(["interaction"], ["cancel", "ok"]);
    const provider = createTokenProvider(
      { mode: "naa", clientId: base.clientId, scopes: base.scopes },
      {
        apiBaseUrl: "http://sandbox",
        email: () => "alice@firm.example",
        naaSupported: () => true,
        origin: "https://localhost:3000",
        runtime: "taskpane",
        createPca: fake.createPca,
      },
    );
    const first = provider.getAccessToken({ interactive: true });
    await fake.answerPopup();
    await expect(first).rejects.toMatchObject({ message: messages.signIn.windowClosed });
    provider.allowPrompt?.();
    const again = provider.getAccessToken({ interactive: true });
    await fake.answerPopup();
    expect(await again).toBe("after-consent");
  });
});
