// Contract: change-notification subscriptions through the Graph SDK: the validation handshake (refused when the
// endpoint answers wrongly or too late), the maximum expiration for events, renew and delete, notifications with
// clientState, retries with backoff then drop, an injected dropped notification, and lifecycle notifications.
import { startHarness, startListener, type Harness, type Listener } from "./support";
import { MAX_EVENT_SUBSCRIPTION_MINUTES } from "../../dev/graph/subscriptions";

// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
let notify: Listener;
let lifecycle: Listener;
beforeAll(async () => {
  // Graph's timings scaled down so retries and timeouts happen within a test (the rules are the same).
  h = await startHarness({
    subscriptionTimings: { validationTimeoutMs: 1500, notificationTimeoutMs: 800, retryDelaysMs: [100, 200] },
  });
  notify = await startListener();
  lifecycle = await startListener();
});
afterAll(async () => {
  await h.close();
  await notify.close();
  await lifecycle.close();
});
beforeEach(() => {
  notify.received.length = 0;
  lifecycle.received.length = 0;
  Object.assign(notify.behaviour, { status: undefined, delayMs: undefined, wrongToken: undefined, failNext: 0 });
});

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
const subscribe = (extra: Record<string, unknown> = {}) =>
  h
    .client()
    .api("/subscriptions")
    .post({
      changeType: "created,updated,deleted",
      notificationUrl: notify.url,
      lifecycleNotificationUrl: lifecycle.url,
      resource: "users/alice@firm.example/events",
      expirationDateTime: inHours(24),
      clientState: "client-state-1",
      ...extra,
    });
const newMeeting = (subject: string) =>
  h.call("POST", "/exchange/mailboxes/alice@firm.example/items", {
    fields: { subject, start: "2026-12-08T09:00:00Z", end: "2026-12-08T10:00:00Z" },
    send: true,
  });
const deliveries = async (subscriptionId: string) =>
  (
    (await h.call("GET", "/__graph/deliveries")).body.items as {
      subscriptionId: string;
      kind: string;
      outcome: string;
    }[]
  ).filter((d) => d.subscriptionId === subscriptionId);

test("a subscription is created through the validation handshake; a change is notified with clientState", async () => {
  const sub = await subscribe();
  expect(sub).toMatchObject({ resource: "users/alice@firm.example/events", clientState: "client-state-1" });
  expect((await deliveries(sub.id)).filter((d) => d.kind === "validation").map((d) => d.outcome)).toEqual(["ok", "ok"]);
  const created = await newMeeting("Notified");
  await notify.waitFor(1);
  const n = notify.received[0]?.body.value[0];
  expect(n).toMatchObject({
    subscriptionId: sub.id,
    changeType: "created",
    clientState: "client-state-1",
    resource: `Users/a11ce000-0000-4000-8000-0000000a11ce/Events/${created.body.restId}`,
    resourceData: { id: created.body.restId, "@odata.type": "#Microsoft.Graph.Event" },
  });
  await h.client().api(`/subscriptions/${sub.id}`).delete();
});

test("the handshake is refused when the endpoint echoes a different token or answers too late", async () => {
  notify.behaviour.wrongToken = true;
  await expect(subscribe()).rejects.toMatchObject({ statusCode: 400 });
  notify.behaviour.wrongToken = undefined;
  notify.behaviour.delayMs = 2500; // over the (scaled) validation limit
  await expect(subscribe()).rejects.toMatchObject({ statusCode: 400 });
  notify.behaviour.delayMs = undefined;
  const list = await h.client().api("/subscriptions").get();
  expect(list.value).toEqual([]);
});

test(`expiration is limited to ${MAX_EVENT_SUBSCRIPTION_MINUTES} minutes for events; renew with PATCH, end with DELETE`, async () => {
  const tooFar = new Date(Date.now() + (MAX_EVENT_SUBSCRIPTION_MINUTES + 5) * 60_000).toISOString();
  await expect(subscribe({ expirationDateTime: tooFar })).rejects.toMatchObject({ statusCode: 400 });
  const sub = await subscribe();
  const renewed = await h
    .client()
    .api(`/subscriptions/${sub.id}`)
    .patch({ expirationDateTime: inHours(100) });
  expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(sub.expirationDateTime));
  await expect(h.client().api(`/subscriptions/${sub.id}`).patch({ expirationDateTime: tooFar })).rejects.toMatchObject({
    statusCode: 400,
  });
  await h.client().api(`/subscriptions/${sub.id}`).delete();
  await expect(h.client().api(`/subscriptions/${sub.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
  // A deleted subscription hears nothing more; a live one on the same mailbox does.
  const live = await subscribe({ clientState: "live" });
  await newMeeting("After delete");
  await notify.waitFor(1);
  expect(notify.received.map((r) => r.body.value[0].subscriptionId)).toEqual([live.id]);
  await h.client().api(`/subscriptions/${live.id}`).delete();
});

test("an unanswered notification is retried with backoff, and dropped after the last retry", async () => {
  const sub = await subscribe();
  notify.behaviour.failNext = 2; // the first two attempts get 500, the third is accepted
  await newMeeting("Retried");
  await notify.waitFor(1);
  expect(notify.received.map((r) => r.body.value[0].changeType)).toEqual(["created"]);
  const outcomes = (await deliveries(sub.id)).filter((d) => d.kind === "notification").map((d) => d.outcome);
  expect(outcomes).toEqual(["answered 500", "answered 500", "delivered"]);

  notify.behaviour.failNext = 100;
  const dropped = await newMeeting("Dropped");
  await waitUntil(async () => (await deliveries(sub.id)).some((d) => d.outcome === "dropped after retries"));
  expect(notify.received.map((r) => r.body.value[0].resourceData.id)).not.toContain(dropped.body.restId);
  expect((await deliveries(sub.id)).filter((d) => d.kind === "notification")).toHaveLength(3 + 3 + 1);
  await h.client().api(`/subscriptions/${sub.id}`).delete();
});

test("a slow endpoint (over the answer limit) counts as unanswered and is retried", async () => {
  const sub = await subscribe();
  notify.behaviour.delayMs = 1200; // over the scaled 3 s limit
  await newMeeting("Slow");
  await waitUntil(async () => (await deliveries(sub.id)).some((d) => /no answer within/.test(d.outcome)));
  notify.behaviour.delayMs = undefined;
  await waitUntil(async () => (await deliveries(sub.id)).some((d) => d.outcome === "delivered"));
  await h.client().api(`/subscriptions/${sub.id}`).delete();
});

test("an injected dropped notification never arrives; the next change does", async () => {
  const sub = await subscribe();
  await h.call("PUT", "/__graph/faults", { rules: [{ dropNotification: true, times: 1 }] });
  const lost = await newMeeting("Lost");
  const seen = await newMeeting("Seen");
  await notify.waitFor(1);
  const ids = notify.received
    .filter((r) => r.body.value[0].subscriptionId === sub.id)
    .map((r) => r.body.value[0].resourceData.id);
  expect(ids).toContain(seen.body.restId);
  expect(ids).not.toContain(lost.body.restId);
  await h.call("PUT", "/__graph/faults", { rules: [] });
  await h.client().api(`/subscriptions/${sub.id}`).delete();
});

test("an injected duplicated notification arrives twice, the copy later; the fault rule is checked", async () => {
  const sub = await subscribe();
  const bad = await h.call("PUT", "/__graph/faults", {
    rules: [{ dropNotification: true, duplicateNotification: true }],
  });
  expect(bad.status).toBe(400);
  await h.call("PUT", "/__graph/faults", { rules: [{ duplicateNotification: true, delayMs: 300, times: 1 }] });
  const twice = await newMeeting("Twice");
  const once = await newMeeting("Once");
  const idsOf = () =>
    notify.received
      .filter((r) => r.body.value[0].subscriptionId === sub.id)
      .map((r) => r.body.value[0].resourceData.id as string);
  await waitUntil(async () => idsOf().filter((id) => id === twice.body.restId).length === 2);
  await new Promise((r) => setTimeout(r, 500));
  expect(idsOf().filter((id) => id === twice.body.restId)).toHaveLength(2);
  expect(idsOf().filter((id) => id === once.body.restId)).toHaveLength(1);
  expect((await deliveries(sub.id)).map((d) => d.outcome)).toContain("duplicated (injected)");
  await h.call("PUT", "/__graph/faults", { rules: [] });
  await h.client().api(`/subscriptions/${sub.id}`).delete();
});

test("lifecycle notifications: reauthorizationRequired, missed, and subscriptionRemoved (which ends it)", async () => {
  const sub = await subscribe();
  for (const event of ["reauthorizationRequired", "missed", "subscriptionRemoved"]) {
    const r = await h.call("POST", `/__graph/subscriptions/${sub.id}/lifecycle`, { event });
    expect(r.status).toBe(200);
  }
  await lifecycle.waitFor(3);
  expect(lifecycle.received.map((r) => r.body.value[0])).toEqual([
    expect.objectContaining({
      subscriptionId: sub.id,
      lifecycleEvent: "reauthorizationRequired",
      clientState: "client-state-1",
    }),
    expect.objectContaining({ lifecycleEvent: "missed" }),
    expect.objectContaining({ lifecycleEvent: "subscriptionRemoved" }),
  ]);
  await expect(h.client().api(`/subscriptions/${sub.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
