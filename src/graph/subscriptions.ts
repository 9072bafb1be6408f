// Graph change-notification subscriptions to one mailbox's events (users/{id}/events), through the Graph SDK.
// Graph validates the notification URL (and the lifecycle URL) during the POST, so the service's endpoint must be
// listening first. lifecycleNotificationUrl can only be set at creation.
import type { Client } from "@microsoft/microsoft-graph-client";

export interface SubscriptionRequest {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  /** Echoed with every notification; derived from the service's secret, never stored. */
  clientState: string;
  expirationDateTime: string;
}

export interface CreatedSubscription {
  id: string;
  expirationDateTime: string;
}

/** The subscription no longer exists at Graph (removed, expired, deleted): create a new one. */
export class SubscriptionGoneError extends Error {
  constructor(readonly subscriptionId: string) {
    super(`Graph has no subscription ${subscriptionId} any more.`);
    this.name = "SubscriptionGoneError";
  }
}

const status = (e: unknown): number | undefined =>
  typeof e === "object" && e !== null ? (e as { statusCode?: number }).statusCode : undefined;

export class GraphSubscriptions {
  constructor(private readonly client: Client) {}

  async create(mailbox: string, request: SubscriptionRequest): Promise<CreatedSubscription> {
    const created = (await this.client.api("/subscriptions").post({
      changeType: "created,updated,deleted",
      resource: `users/${mailbox}/events`,
      ...request,
    })) as { id: string; expirationDateTime: string };
    return { id: created.id, expirationDateTime: new Date(created.expirationDateTime).toISOString() };
  }

  async renew(subscriptionId: string, expirationDateTime: string): Promise<CreatedSubscription> {
    try {
      const renewed = (await this.client
        .api(`/subscriptions/${encodeURIComponent(subscriptionId)}`)
        .patch({ expirationDateTime })) as { id: string; expirationDateTime: string };
      return { id: renewed.id, expirationDateTime: new Date(renewed.expirationDateTime).toISOString() };
    } catch (e) {
      if (status(e) === 404) throw new SubscriptionGoneError(subscriptionId);
      throw e;
    }
  }

  async delete(subscriptionId: string): Promise<void> {
    try {
      await this.client.api(`/subscriptions/${encodeURIComponent(subscriptionId)}`).delete();
    } catch (e) {
      if (status(e) !== 404) throw e;
    }
  }
}
