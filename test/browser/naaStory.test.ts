// The whole product story (story.test.ts, every chapter and its assertions) signed in as in production: the workbench
// plays an Outlook with nested app authentication (`auth: naa`), each user consented as the workbench's signIn leaves
// them, so every token the add-in uses comes from MSAL through Outlook's bridge (the local identity provider) and the
// sandbox accepts it as a firm's gateway accepts Entra ID tokens. Consent, renewal, revocation and the dialog fallback:
// naa.test.ts and naaConsent.test.ts.
import { storySuite } from "./story/suite";

jest.setTimeout(180_000);

storySuite(
  "InterAction Meeting Sync in Outlook, signed in with nested app authentication (workbench auth: naa)",
  "naa",
);
