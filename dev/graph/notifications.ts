// Delivery of change notifications and lifecycle notifications to subscribers' endpoints, as Graph's webhooks do it
// (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks): one POST per change, answered 2xx within
// the limit (3 s) or retried with backoff, then dropped; an injected fault can drop one; a log of every attempt.
import type { DevClock } from "./clock";
import type { Faults } from "./faults";
import { GraphRequestError } from "./graphEvent";
import { TENANT_ID } from "./idp";
import type { Change, Store } from "./store";

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

export interface SubscriptionRow {
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

export class Notifier {
  readonly deliveries: DeliveryLogEntry[] = [];
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: DevClock,
    private readonly faults: Faults,
    public timings: SubscriptionTimings,
  ) {
    store.onChange((change) => this.announce(change));
  }

  private announce(change: Change): void {
    if (this.closed) return;
    const rows = this.store.db
      .prepare("SELECT * FROM subscriptions WHERE mailbox_id = ?")
      .all(change.mailboxId) as SubscriptionRow[];
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
      const fault = this.faults.take("POST", r.notification_url, "notification");
      if (fault?.duplicateNotification) {
        // Delivered twice (at-least-once): the endpoint must not turn one change into two writes.
        this.logDelivery({
          subscriptionId: r.id,
          url: r.notification_url,
          kind: "notification",
          attempt: 0,
          outcome: "duplicated (injected)",
        });
        this.later(fault.delayMs ?? 0, () =>
          this.post(r.id, r.notification_url, { value: [notification] }, "notification", 1),
        );
      } else if (fault) {
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
    const r = this.store.db.prepare("SELECT * FROM subscriptions WHERE id = ?").get(id) as SubscriptionRow | undefined;
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
    this.later(wait, () => this.post(subscriptionId, url, body, kind, attempt + 1));
  }

  /** Runs `then` after `ms` unless closed first (a reset or close drops what is pending). */
  private later(ms: number, then: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void then();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  logDelivery(entry: Omit<DeliveryLogEntry, "at">): void {
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
