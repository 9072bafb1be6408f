// Change notifications (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks and
// .../change-notifications-lifecycle-events): subscriptions to users/{id}/events, created only after the endpoint
// answers the validation request (200 text/plain echoing validationToken within 10 s); expiry at most 10,080 minutes
// ahead for Outlook events; one POST per change to notificationUrl with clientState, answered 2xx within 3 s or
// retried with backoff, then dropped; lifecycle notifications to lifecycleNotificationUrl.
import { randomUUID } from "node:crypto";
import type { DevClock } from "./clock";
import type { Faults } from "./faults";
import { GraphRequestError } from "./graphEvent";
import type { Caller } from "./idp";
import {
  GRAPH_TIMINGS,
  Notifier,
  type DeliveryLogEntry,
  type LifecycleEvent,
  type SubscriptionRow as Row,
  type SubscriptionTimings,
} from "./notifications";
import type { Store } from "./store";

export { GRAPH_TIMINGS };
export type { DeliveryLogEntry, LifecycleEvent, SubscriptionTimings };

export const MAX_EVENT_SUBSCRIPTION_MINUTES = 10_080;
const CHANGE_TYPES = ["created", "updated", "deleted"];

const bad = (message: string) => new GraphRequestError(400, "InvalidRequest", message);

/** Graph allows notification endpoints on https only; the loopback may use http in this dev world. */
function checkUrl(url: unknown, name: string): string {
  if (typeof url !== "string") throw bad(`${name} is required.`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad(`${name} is not a valid URL.`);
  }
  const loopback = u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]";
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) throw bad(`${name} must use https.`);
  return url;
}

export class Subscriptions {
  readonly notifier: Notifier;

  constructor(
    private readonly store: Store,
    private readonly clock: DevClock,
    faults: Faults,
    timings: SubscriptionTimings = { ...GRAPH_TIMINGS },
  ) {
    this.notifier = new Notifier(store, clock, faults, timings);
  }

  view(r: Row) {
    return {
      id: r.id,
      resource: r.resource,
      applicationId: r.app_id,
      changeType: r.change_type,
      clientState: r.client_state,
      notificationUrl: r.notification_url,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: r.lifecycle_url,
      expirationDateTime: r.expires_at,
      creatorId: r.creator_id ?? r.app_id,
      includeResourceData: false,
      latestSupportedTlsVersion: "v1_2",
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  get(id: string, caller: Caller): Row {
    const r = this.store.db.prepare("SELECT * FROM subscriptions WHERE id = ?").get(id) as Row | undefined;
    if (!r || r.app_id !== caller.appId)
      throw new GraphRequestError(404, "ResourceNotFound", `The object was not found: subscription ${id}.`);
    return r;
  }
  list(caller: Caller): Row[] {
    return this.store.db.prepare("SELECT * FROM subscriptions WHERE app_id = ? ORDER BY id").all(caller.appId) as Row[];
  }

  private checkExpiry(value: unknown): string {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value)))
      throw bad("expirationDateTime is required (ISO 8601).");
    const at = Date.parse(value);
    const now = this.clock.now().getTime();
    if (at <= now) throw bad("Subscription expiration must be in the future.");
    if (at > now + MAX_EVENT_SUBSCRIPTION_MINUTES * 60_000) {
      throw bad(`Subscription expiration can only be ${MAX_EVENT_SUBSCRIPTION_MINUTES} minutes in the future.`);
    }
    return new Date(at).toISOString();
  }

  /** POST /subscriptions; `mailboxFor` resolves the resource's mailbox and checks the caller may read it. */
  async create(body: Record<string, unknown>, caller: Caller, mailboxFor: (resource: string) => string) {
    const resource = typeof body.resource === "string" ? body.resource : "";
    const m = /^\/?(?:users\/([^/]+)|me)\/events$/i.exec(resource);
    if (!m) throw bad(`Resource '${resource}' is not supported here; subscribe to users/{id}/events.`);
    const mailboxId = mailboxFor(m[1] ? decodeURIComponent(m[1]) : (caller.userId ?? ""));
    const changeType = typeof body.changeType === "string" ? body.changeType : "";
    const kinds = changeType.split(",").map((s) => s.trim());
    if (!changeType || kinds.some((k) => !CHANGE_TYPES.includes(k)))
      throw bad("changeType must be created, updated and/or deleted, comma-separated.");
    const clientState = body.clientState === undefined || body.clientState === null ? null : String(body.clientState);
    if (clientState !== null && clientState.length > 128) throw bad("clientState is longer than 128 characters.");
    const notificationUrl = checkUrl(body.notificationUrl, "notificationUrl");
    const lifecycleUrl =
      body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null
        ? null
        : checkUrl(body.lifecycleNotificationUrl, "lifecycleNotificationUrl");
    const expiresAt = this.checkExpiry(body.expirationDateTime);
    const id = randomUUID();
    await this.validate(id, notificationUrl);
    if (lifecycleUrl) await this.validate(id, lifecycleUrl);
    const row: Row = {
      id,
      app_id: caller.appId,
      creator_id: caller.userId ?? null,
      mailbox_id: mailboxId,
      resource,
      change_type: kinds.join(","),
      notification_url: notificationUrl,
      lifecycle_url: lifecycleUrl,
      client_state: clientState,
      expires_at: expiresAt,
    };
    this.store.db
      .prepare(
        "INSERT INTO subscriptions VALUES (@id, @app_id, @creator_id, @mailbox_id, @resource, @change_type, @notification_url, @lifecycle_url, @client_state, @expires_at)",
      )
      .run(row);
    return row;
  }

  /** PATCH: renew (expirationDateTime) and/or move the endpoint (validated again). */
  async update(id: string, body: Record<string, unknown>, caller: Caller) {
    const r = this.get(id, caller);
    if (body.lifecycleNotificationUrl !== undefined)
      throw bad("lifecycleNotificationUrl can only be set when the subscription is created.");
    const expiresAt = body.expirationDateTime !== undefined ? this.checkExpiry(body.expirationDateTime) : r.expires_at;
    let url = r.notification_url;
    if (body.notificationUrl !== undefined && body.notificationUrl !== r.notification_url) {
      url = checkUrl(body.notificationUrl, "notificationUrl");
      await this.validate(id, url);
    }
    this.store.db
      .prepare("UPDATE subscriptions SET expires_at = ?, notification_url = ? WHERE id = ?")
      .run(expiresAt, url, id);
    return this.get(id, caller);
  }

  delete(id: string, caller: Caller): void {
    this.get(id, caller);
    this.store.db.prepare("DELETE FROM subscriptions WHERE id = ?").run(id);
  }

  /** The validation handshake: POST <url>?validationToken=..., expect 200 text/plain echoing it within the limit. */
  private async validate(subscriptionId: string, url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes("?") ? "&" : "?"}validationToken=${encodeURIComponent(token)}`;
    let outcome = "ok";
    try {
      const res = await fetch(target, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: "",
        signal: AbortSignal.timeout(this.timings.validationTimeoutMs),
      });
      const text = await res.text();
      if (res.status !== 200) outcome = `answered ${res.status}`;
      else if (!/^text\/plain/i.test(res.headers.get("content-type") ?? ""))
        outcome = "answered without Content-Type text/plain";
      else if (text !== token) outcome = "answered a different token";
    } catch (e) {
      outcome =
        (e as Error).name === "TimeoutError"
          ? `no answer within ${this.timings.validationTimeoutMs / 1000} s`
          : `unreachable (${(e as Error).message})`;
    }
    this.notifier.logDelivery({ subscriptionId, url, kind: "validation", attempt: 1, outcome });
    if (outcome !== "ok") {
      throw bad(
        `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request: ${outcome}.`,
      );
    }
  }

  // ---- delivery

  /** Lifecycle notification (dev control); subscriptionRemoved also deletes the subscription, as Graph has. */
  lifecycle(id: string, event: LifecycleEvent): Promise<void> {
    return this.notifier.lifecycle(id, event);
  }
  get deliveries(): DeliveryLogEntry[] {
    return this.notifier.deliveries;
  }
  get timings(): SubscriptionTimings {
    return this.notifier.timings;
  }
  reopen(): void {
    this.notifier.reopen();
  }
  close(): void {
    this.notifier.close();
  }
}
