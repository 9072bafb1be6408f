// Wiring of the Add's Graph read of the iCalUId (src/sync/meetingIdentity.ts, adapter src/graph/meetingIdentity.ts):
// the Graph base URL from addin-config.json, a delegated Graph token (nested app authentication with Calendars.Read in
// production; the local Graph's dev token in the workbench) and Office.js's documented EWS -> REST id conversion.
// Only the task pane wires it (the Add is a task pane action): the commands bundle stays without it.
import { createDevTokenProvider, createNaaTokenProvider, hostSupportsNaa, DEFAULT_AUTHORITY } from "../auth";
import type { PcaFactory, TokenProvider } from "../auth";
import { createGraphMeetingIdentity } from "../graph/meetingIdentity";
import type { MeetingIdentity } from "../sync/meetingIdentity";
import type { AddinConfig } from "./config";

/** The delegated Graph permission the read needs (the same one the sync service has as an application permission). */
export const GRAPH_SCOPES = ["https://graph.microsoft.com/Calendars.Read"];

export interface MeetingIdentityWiring {
  config: AddinConfig;
  office: typeof Office;
  fetch: typeof fetch;
  /** MSAL for nested app authentication (the task pane's lazy loader). */
  createPca?: PcaFactory;
}

/** A Graph token as the configuration's sign-in gives one; undefined when this configuration reaches no Graph. */
function graphTokens(options: MeetingIdentityWiring): TokenProvider | undefined {
  const { config, office } = options;
  const graph = config.graph;
  if (!graph) return undefined;
  if (config.auth.mode === "dev") {
    if (!graph.devTokenUrl) return undefined;
    return createDevTokenProvider({
      apiBaseUrl: config.apiBaseUrl,
      email: () => office.context.mailbox.userProfile?.emailAddress ?? "",
      fetch: options.fetch,
      graph: { tokenUrl: graph.devTokenUrl, scopes: GRAPH_SCOPES },
    });
  }
  if (!options.createPca) return undefined;
  const naa = createNaaTokenProvider({
    clientId: config.auth.clientId ?? "",
    authority: config.auth.authority ?? DEFAULT_AUTHORITY,
    scopes: GRAPH_SCOPES,
    cacheLocation: "localStorage",
    createPca: options.createPca,
  });
  // Silent only: reading the link is never worth a sign-in prompt (the sync service links the meeting anyway).
  return {
    getAccessToken: () =>
      hostSupportsNaa()
        ? naa.getAccessToken({ interactive: false })
        : Promise.reject(new Error("This Outlook has no nested app authentication for Microsoft Graph.")),
  };
}

/** The Add's identity read, or undefined where no Graph is configured (the meeting is then linked by the service). */
export function createMeetingIdentity(options: MeetingIdentityWiring): MeetingIdentity | undefined {
  const graph = options.config.graph;
  const tokens = graphTokens(options);
  if (!graph || !tokens) return undefined;
  const mailbox = options.office.context.mailbox;
  return createGraphMeetingIdentity({
    baseUrl: graph.baseUrl,
    getToken: () => tokens.getAccessToken({ interactive: false }),
    toRestId: (itemId) => mailbox.convertToRestId(itemId, options.office.MailboxEnums.RestVersion.v2_0),
    fetch: options.fetch,
  });
}
