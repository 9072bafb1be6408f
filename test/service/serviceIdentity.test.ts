// The sync service's identity towards InterAction: client credentials (msal-node against the local identity
// provider) with the Meetings.Sync app role, acting for the user its X-Acting-For names. The sandbox trusts the local
// issuer as a firm's gateway does: the service updates a meeting its user added; it may not add one, nor touch a
// meeting of someone it does not act for; without the role it is refused.
import { signAccessToken } from "../../dev/sandbox/auth";
import { startSandbox, type RunningSandbox } from "../../dev/sandbox/server";
import { INTERACTION_API } from "../../dev/graph/registrations";
import { clientCredentialsInterAction } from "../../src/service/interactionIdentity";
import type { MeetingPayload } from "../../src/core/operations";
import { startHarness, type Harness } from "../graph/support";

let h: Harness;
let sandbox: RunningSandbox;
const HOUR = 3600_000;

beforeAll(async () => {
  h = await startHarness();
  sandbox = await startSandbox({
    port: 0,
    dbFile: ":memory:",
    openId: {
      issuer: h.graph.idp.issuer,
      audiences: [INTERACTION_API.appIdUri],
      scope: "access_as_user",
      appRole: "Meetings.Sync",
      caPem: h.graph.caPem,
    },
  });
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
  await h?.close();
});

const payload = (revision: number, subject: string): MeetingPayload => {
  const start = new Date(Date.now() + 48 * HOUR);
  return {
    revision,
    source: { itemId: "AAMk-svc-1", organizerEmail: "alice@firm.example", addedBy: "organizer" },
    subject,
    location: "Room 4",
    start: start.toISOString(),
    end: new Date(start.getTime() + HOUR).toISOString(),
    notes: "",
    attendees: [{ email: "alice@firm.example", name: "Alice Archer", type: "required", response: "organizer" }],
    visibility: "everyone",
    activityTypeId: "at-meeting",
    cancelled: false,
    isRecurring: false,
    sensitivity: "normal",
  } as MeetingPayload;
};

const service = () =>
  clientCredentialsInterAction({
    interactionUrl: sandbox.url,
    authority: h.graph.authority,
    clientId: h.graph.demoApp.clientId,
    clientSecret: h.graph.demoApp.clientSecret,
    scope: `${INTERACTION_API.appIdUri}/.default`,
    caPem: h.graph.caPem,
  });

test("the service updates a meeting its user added; never adds one, nor touches another user's; no role: 403", async () => {
  // Alice adds the meeting (the add-in, with her own token).
  const alice = await signAccessToken(sandbox.keys, { sub: "u-alice", email: "alice@firm.example" });
  const added = await fetch(`${sandbox.url}/api/v1/meetings/sk-svc-1`, {
    method: "PUT",
    headers: { authorization: `Bearer ${alice}`, "content-type": "application/json" },
    body: JSON.stringify(payload(1, "Acme review")),
  });
  expect(added.status).toBe(201);

  const forAlice = service()("alice@firm.example");
  const record = await forAlice.upsert("sk-svc-1", payload(2, "Acme review (moved)"), "svc-key-1");
  expect(record).toMatchObject({ revision: 2 });
  expect((await forAlice.current("sk-svc-1"))?.record.revision).toBe(2);

  await expect(forAlice.upsert("sk-svc-new", payload(1, "Nobody added this"), "svc-key-2")).rejects.toMatchObject({
    status: 403,
    message: expect.stringMatching(/never adds a meeting/),
  });
  await expect(
    service()("bob@firm.example").upsert("sk-svc-1", payload(3, "Bob's service write"), "svc-key-3"),
  ).rejects.toMatchObject({ status: 403 });

  await h.call("PUT", `/__graph/apps/${h.graph.demoApp.clientId}/app-permissions`, {
    resource: INTERACTION_API.appIdUri,
    roles: [],
  });
  try {
    // A new msal cache: the token without the role.
    await expect(
      service()("alice@firm.example").upsert("sk-svc-1", payload(4, "No role"), "svc-key-4"),
    ).rejects.toMatchObject({ status: 403 });
  } finally {
    await h.call("PUT", `/__graph/apps/${h.graph.demoApp.clientId}/app-permissions`, {
      resource: INTERACTION_API.appIdUri,
      roles: ["Meetings.Sync"],
    });
  }
  expect(sandbox.store.userById("u-alice")).toBeDefined();
}, 60_000);
