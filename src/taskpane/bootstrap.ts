// Loaded after the first render (its own chunk, "runtime"): takes the pane's wiring from src/compose (addin-config.json,
// the token provider: NAA silent then popup, dialog fallback, dev tokens from the sandbox in the workbench; the
// SyncDeps and the one InterAction client behind them) and binds it to the sync use-cases and the pane's directory
// calls.
import { wireTaskpane, type ApiContact, type InterActionClient, type PcaFactory } from "../compose";
import { loadMeetingView } from "../sync/loadMeetingView";
import { runSync } from "../sync/runSync";
import { updatePreferences } from "../sync/updatePreferences";
import { createTaskpaneServices, type DirectoryClient } from "./services";
import type { CompanyMeeting, CompanyMeetings, TaskpaneServices } from "./types";

/** An answer that arrived after its request was replaced is not returned (the signal also aborted the request). */
const throwIfAborted = (signal: AbortSignal) => {
  if (signal.aborted) throw new DOMException("The search was replaced by a newer one.", "AbortError");
};

/** The pane's directory calls over the typed client. */
export function directoryClient(client: InterActionClient): DirectoryClient {
  let typeNames: Promise<Map<string, string>> | null = null;
  const contactTypeNames = () =>
    (typeNames ??= client
      .contactTypes()
      .then((types) => new Map(types.map((t) => [t.id, t.name])))
      .catch(() => {
        typeNames = null;
        return new Map<string, string>();
      }));
  return {
    async searchCompanies(query, signal) {
      const [page, names] = await Promise.all([
        client.searchCompanies(query, { limit: 20 }, { signal }),
        contactTypeNames(),
      ]);
      throwIfAborted(signal);
      return page.items
        .filter((c: ApiContact) => c.kind === "company")
        .map((c: ApiContact) => ({
          id: c.id,
          name: c.name,
          domain: c.domain,
          contactTypeNames: c.contactTypeIds.map((id) => names.get(id) ?? id),
        }));
    },
    // One page, as the client search asks it (meetingPages.ts): it shows the first page and appends the rest.
    async companyMeetings(companyId, from, to, { skip, limit, signal }) {
      const page = await client.companyMeetings({ companyId, from, to, skip, limit }, { signal });
      throwIfAborted(signal);
      const result: CompanyMeetings = {
        items: page.items.map((m): CompanyMeeting => ({
          id: m.id,
          subject: m.subject,
          start: m.start,
          end: m.end,
          location: m.location,
          kind: m.kind,
          cancelled: m.status === "cancelled",
          contacts: m.contacts.map((c) => ({ name: c.name, email: c.email })),
          colleagues: m.colleagues.map((c) => ({ name: c.name, email: c.email })),
        })),
        colleagueCount: page.colleagueCount,
        total: page.total,
      };
      return result;
    },
    async addContact(person) {
      const contact = await client.addContact(
        { name: person.name || person.email, email: person.email },
        { idempotencyKey: `contact:${person.email}` },
      );
      return { id: contact.id };
    },
    async listGroups() {
      return (await client.groups()).map((g) => ({ id: g.id, name: g.name }));
    },
  };
}

/**
 * MSAL (about 70 KB gzip) in a chunk of its own, fetched the first time a token is requested in NAA mode: never in
 * dev mode (workbench, bench), and never before the pane's first status.
 */
export const loadMsal: PcaFactory = async (config) => {
  const msal = await import(/* webpackChunkName: "msal" */ "@azure/msal-browser");
  return msal.createNestablePublicClientApplication(config);
};

export interface OutlookServicesOptions {
  /** How MSAL is loaded for NAA sign-in (tests count the calls); by default its lazy chunk. */
  createPca?: PcaFactory;
}

export async function createOutlookServices(options: OutlookServicesOptions = {}): Promise<TaskpaneServices> {
  const { deps, client, freshStateStore } = await wireTaskpane({
    office: Office,
    createPca: options.createPca ?? loadMsal,
  });
  return createTaskpaneServices({
    deps,
    useCases: { runSync: (trigger, d) => runSync(trigger, d), updatePreferences, loadMeetingView },
    directory: directoryClient(client),
    freshStateStore,
    signIn: deps.tokenProvider,
  });
}
