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
import { TENANT_ID } from "./idp";
import type { Change, Store } from "./store";

export const MAX_EVENT_SUBSCRIPTION_MINUTES = 10_080;
const CHANGE_TYPES = ["created", "updated", "deleted"];
export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";

export interface SubscriptionTimings {
  validationTimeoutMs: number;
  notificationTimeoutMs: number;
  /** Waits before each retry of an unanswered notification; after the last one it is dropped (Graph: up to 4 hours). */
  retryDelaysMs: number[];
}
export const GRAPH_TIMINGS: SubscriptionTimings = {
  validationTimeoutMs: 10_000,
  notificationTimeoutMs: 3_000,
  retryDelaysMs: [10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000],
};

interface Row {
  id: string;
  app_id: string;
  creator_id: string | null;
  mailbox_id: string;
  resource: string;
  change_type: string;
  notification_url: string;
  lifecycle_url: string | null;
  client_state: string | null;
  expires_at: string;
}

export interface DeliveryLogEntry {
  at: string;
  subscriptionId: string;
  url: string;
  kind: "notification" | "lifecycle" | "validation";
  attempt: number;
  outcome: string;
}

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
  readonly deliveries: DeliveryLogEntry[] = [];
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: DevClock,
    private readonly faults: Faults,
    public timings: SubscriptionTimings = { ...GRAPH_TIMINGS },
  ) {
    store.onChange((change) => this.announce(change));
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
    this.logDelivery({ subscriptionId, url, kind: "validation", attempt: 1, outcome });
    if (outcome !== "ok") {
      throw bad(
        `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request: ${outcome}.`,
      );
    }
  }

  // ---- delivery
  private announce(change: Change): void {
    if (this.closed) return;
    const rows = this.store.db
      .prepare("SELECT * FROM subscriptions WHERE mailbox_id = ?")
      .all(change.mailboxId) as Row[];
    const now = this.clock.now().toISOString();
    for (const r of rows) {
      if (r.expires_at <= now || !r.change_type.split(",").includes(change.kind)) continue;
      const resource = `Users/${change.mailboxId}/Events/${change.eventId}`;
      const event = this.store.event(change.eventId);
      const notification = {
        subscriptionId: r.id,
        subscriptionExpirationDateTime: r.expires_at,
        changeType: change.kind,
        resource,
        resourceData: {
          "@odata.type": "#Microsoft.Graph.Event",
          "@odata.id": resource,
          ...(event ? { "@odata.etag": `W/"${event.changeKey}"` } : {}),
          id: change.eventId,
        },
        clientState: r.client_state,
        tenantId: TENANT_ID,
      };
      if (this.faults.take("POST", r.notification_url, "notification")) {
        this.logDelivery({
          subscriptionId: r.id,
          url: r.notification_url,
          kind: "notification",
          attempt: 0,
          outcome: "dropped (injected)",
        });
        continue;
      }
      void this.post(r.id, r.notification_url, { value: [notification] }, "notification", 1);
    }
  }

  /** Lifecycle notification (dev control); subscriptionRemoved also deletes the subscription, as Graph has. */
  async lifecycle(id: string, event: LifecycleEvent): Promise<void> {
    const r = this.store.db.prepare("SELECT * FROM subscriptions WHERE id = ?").get(id) as Row | undefined;
    if (!r) throw new GraphRequestError(404, "ResourceNotFound", `No subscription ${id}.`);
    if (!r.lifecycle_url)
      throw new GraphRequestError(409, "NoLifecycleUrl", "The subscription has no lifecycleNotificationUrl.");
    if (event === "subscriptionRemoved") this.store.db.prepare("DELETE FROM subscriptions WHERE id = ?").run(id);
    await this.post(
      id,
      r.lifecycle_url,
      {
        value: [
          {
            subscriptionId: id,
            subscriptionExpirationDateTime: r.expires_at,
            tenantId: TENANT_ID,
            clientState: r.client_state,
            lifecycleEvent: event,
          },
        ],
      },
      "lifecycle",
      1,
    );
  }

  private async post(
    subscriptionId: string,
    url: string,
    body: unknown,
    kind: "notification" | "lifecycle",
    attempt: number,
  ): Promise<void> {
    if (this.closed) return;
    // A deleted subscription's pending retries stop (its lifecycle notification is the last thing it sends).
    const alive = this.store.db.prepare("SELECT 1 FROM subscriptions WHERE id = ?").get(subscriptionId);
    if (!alive && kind === "notification") return;
    let outcome: string;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timings.notificationTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      outcome = res.status >= 200 && res.status < 300 ? "delivered" : `answered ${res.status}`;
    } catch (e) {
      outcome =
        (e as Error).name === "TimeoutError"
          ? `no answer within ${this.timings.notificationTimeoutMs / 1000} s`
          : "unreachable";
    }
    this.logDelivery({ subscriptionId, url, kind, attempt, outcome });
    if (outcome === "delivered") return;
    const wait = this.timings.retryDelaysMs[attempt - 1];
    if (wait === undefined) {
      this.logDelivery({ subscriptionId, url, kind, attempt, outcome: "dropped after retries" });
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.post(subscriptionId, url, body, kind, attempt + 1);
    }, wait);
    timer.unref();
    this.timers.add(timer);
  }

  private logDelivery(entry: Omit<DeliveryLogEntry, "at">): void {
    this.deliveries.push({ at: this.clock.now().toISOString(), ...entry });
    if (this.deliveries.length > 5000) this.deliveries.splice(0, this.deliveries.length - 5000);
  }

  /** After a reset: deliver again (pending retries of the wiped world are gone). */
  reopen(): void {
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
