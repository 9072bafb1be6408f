// One meeting, one record (issue 14), the add-in's half: an Add of an existing meeting reads its iCalUId from
// Microsoft Graph once (port src/sync/meetingIdentity.ts, adapter src/graph/meetingIdentity.ts) and sends it with the
// write; a Graph failure costs the Add nothing, and no meeting is ever asked about twice.
import { describe, expect, test } from "@jest/globals";
import { createGraphMeetingIdentity, GraphReadError } from "../../src/graph/meetingIdentity";
import { toMeetingRecord } from "../../src/interaction/adapter";
import type { MeetingIdentity } from "../../src/sync/meetingIdentity";
import { runSync } from "../../src/sync/runSync";
import { createHarness, externalInvitation } from "../support/fakes";

const ICAL = "040000008200E00074C5B7101A82E00800000000D0B2C1A7E4A1DC01000000000000000010000000";

/** A Graph read that answers `answer` (or throws it) and counts its calls. */
const fakeIdentity = (answer: () => Promise<string | null>) => {
  const asked: string[] = [];
  const identity: MeetingIdentity = {
    iCalUIdOf: (itemId) => {
      asked.push(itemId);
      return answer();
    },
  };
  return { identity, asked };
};

const attendeeAdd = (identity: MeetingIdentity) => {
  const h = createHarness({ snapshot: externalInvitation(), settings: { autoAddContactTypeIds: [] } });
  h.api.callerEmail = "alice@firm.example";
  h.deps.identity = identity;
  return h;
};

describe("an attendee's Add of an existing invitation", () => {
  test("reads the iCalUId once and sends it with the meeting's write", async () => {
    const { identity, asked } = fakeIdentity(async () => ICAL);
    const h = attendeeAdd(identity);

    const outcome = await runSync({ kind: "add" }, h.deps);
    await runSync({ kind: "add" }, h.deps);
    await runSync({ kind: "refresh" }, h.deps);

    expect(outcome.status).toBe("synced");
    expect(asked).toEqual(["item-external-1"]);
    const syncKey = h.stateStore.state?.syncKey as string;
    expect(h.api.stored(syncKey)).toMatchObject({ iCalUId: ICAL });
    expect(h.stateStore.state).toMatchObject({ iCalUId: ICAL, identityAsked: true });
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(1);
  });

  test("Graph failing does not block the Add: it is written without the iCalUId, and Graph is not asked again", async () => {
    const { identity, asked } = fakeIdentity(async () => {
      throw new GraphReadError("Microsoft Graph answered HTTP 503.", 503);
    });
    const h = attendeeAdd(identity);

    const outcome = await runSync({ kind: "add" }, h.deps);
    await runSync({ kind: "add" }, h.deps);

    expect(outcome.status).toBe("synced");
    expect(outcome.notice?.message).toBe("Added to InterAction.");
    const syncKey = h.stateStore.state?.syncKey as string;
    expect(h.api.stored(syncKey)).not.toHaveProperty("iCalUId");
    expect(h.stateStore.state).toMatchObject({ identityAsked: true });
    expect(h.stateStore.state).not.toHaveProperty("iCalUId");
    expect(asked).toHaveLength(1);
  });

  test("a meeting that cannot be added (recurring) and a draft without an item id cost no Graph request", async () => {
    const { identity, asked } = fakeIdentity(async () => ICAL);
    const recurring = createHarness({ snapshot: externalInvitation({ isRecurring: true }) });
    recurring.deps.identity = identity;
    const draft = createHarness();
    draft.deps.identity = identity;

    await runSync({ kind: "add" }, recurring.deps);
    await runSync({ kind: "add" }, draft.deps);

    expect(asked).toEqual([]);
  });
});

describe("the Graph adapter", () => {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  const adapter = (answer: Response) => {
    const requests: { url: string; authorization: string | null }[] = [];
    const identity = createGraphMeetingIdentity({
      baseUrl: "https://graph.example/v1.0/",
      getToken: async () => "graph-token",
      toRestId: (ewsId) => ewsId.replace(/\//g, "-").replace(/\+/g, "_"),
      fetch: (async (url: string, init?: { headers?: Record<string, string> }) => {
        requests.push({ url, authorization: new Headers(init?.headers).get("authorization") });
        return answer;
      }) as unknown as typeof fetch,
    });
    return { identity, requests };
  };

  test("reads /me/events/{REST id}?$select=iCalUId with the delegated token, the EWS id converted", async () => {
    const { identity, requests } = adapter(json(200, { id: "x", iCalUId: ICAL }));

    expect(await identity.iCalUIdOf("AAMk+a/b=")).toBe(ICAL);
    expect(requests).toEqual([
      {
        url: "https://graph.example/v1.0/me/events/AAMk_a-b%3D?$select=iCalUId",
        authorization: "Bearer graph-token",
      },
    ]);
  });

  test("an event the mailbox no longer has is no identity; a refusal is an error the Add swallows", async () => {
    expect(await adapter(json(404, { error: { code: "ErrorItemNotFound" } })).identity.iCalUIdOf("a")).toBeNull();
    await expect(adapter(json(429, {})).identity.iCalUIdOf("a")).rejects.toMatchObject({ status: 429 });
    expect(await adapter(json(200, { iCalUId: "has spaces" })).identity.iCalUIdOf("a")).toBeNull();
  });
});

describe("InterAction's answer", () => {
  test("names the other colleagues who added the meeting; an unreadable entry is left out, the rest kept", () => {
    const answer = {
      id: "m1",
      syncKey: "k1",
      kind: "appointment",
      status: "scheduled",
      syncUntil: "2026-12-01T00:00:00.000Z",
      frozen: false,
      revision: 1,
      contacts: [],
      companies: [],
      unresolvedAttendees: [],
      documents: [],
      updatedAt: "2026-11-25T09:00:00.000Z",
      alsoAddedBy: [
        { id: "u2", email: "bob@firm.example", name: "Bob Lee", addedBy: "attendee" },
        { id: "u3", email: 7, name: "?", addedBy: "attendee" },
      ],
    } as unknown as Parameters<typeof toMeetingRecord>[0];
    expect(toMeetingRecord(answer).alsoAddedBy).toEqual([
      { email: "bob@firm.example", name: "Bob Lee", addedBy: "attendee" },
    ]);
  });
});
