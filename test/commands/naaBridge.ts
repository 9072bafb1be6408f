// Outlook's nested app authentication bridge as the JS-only runtime hands it over (`window.nestedAppAuthBridge`): MSAL's
// bridge proxy posts JSON requests and listens for JSON answers. The tests differ only in what the broker answers
// (consent required: domlessNaa.test.ts; silent tokens: domlessNaaToken.test.ts), so the transport lives here once.

export type NaaRequest = { method: string; requestId: string; tokenParams?: { clientId: string; scope: string } };

/** The answer every request's response starts with. */
export const naaAnswerBase = (request: NaaRequest) => ({
  messageType: "NestedAppAuthResponse",
  requestId: request.requestId,
});

/** The broker's answer to MSAL's first request, GetInitContext: an Outlook host. */
export const naaInitContext = (request: NaaRequest) => ({
  ...naaAnswerBase(request),
  success: true,
  initContext: { sdkName: "Outlook", sdkVersion: "16.0" },
});

/** A bridge that records each request and posts `answer`'s response back to MSAL's listeners when it settles. */
export function naaBridge(answer: (request: NaaRequest) => Promise<unknown>) {
  const requests: NaaRequest[] = [];
  const listeners: ((response: string) => void)[] = [];
  return {
    requests,
    bridge: {
      addEventListener: (_name: string, cb: (response: string) => void) => listeners.push(cb),
      removeEventListener: () => undefined,
      postMessage: (message: string) => {
        const request = JSON.parse(message) as NaaRequest;
        requests.push(request);
        void answer(request).then((response) => listeners.forEach((l) => l(JSON.stringify(response))));
      },
    },
  };
}
