// Keeps one Graph subscription per opted-in mailbox alive: created when missing, renewed well before it expires
// (Graph's maximum for Outlook events is 10,080 minutes; the service asks for three days and renews with a day left,
// so a sweep every few minutes has a day of slack), created again when Graph says it is gone. Lifecycle notifications
// only mark what to do; the work happens here, from the sweep or a kick, never inside the notification request.
import { createHmac } from "node:crypto";
import { SubscriptionGoneError, type GraphSubscriptions } from "../graph/subscriptions";
import type { ServiceClock, ServiceLog } from "./ports";

const MINUTE = 60_000;
export const SUBSCRIPTION_LIFETIME_MINUTES = 3 * 24 * 60;
export const RENEW_WHEN_LEFT_MINUTES = 24 * 60;
/** Subscriptions created or renewed at once in a pass. */
const KEEP_AT_ONCE = 8;

export interface SubscriptionStore {
  mailboxes(): Promise<{ mailbox: string }[]>;
  subscriptions(): Promise<{ mailbox: string; subscriptionId: string; expiresAt: string }[]>;
  saveSubscription(s: { mailbox: string; subscriptionId: string; expiresAt: string }): Promise<void>;
  removeSubscription(mailbox: string): Promise<void>;
}

/**
 * The clientState Graph echoes with every notification of a mailbox's subscription: an HMAC of the mailbox under the
 * service's secret, so a forged notification (one that does not know the secret) is told apart without any secret
 * being stored in the database.
 */
export const clientStateFor = (secret: string, mailbox: string): string =>
  createHmac("sha256", secret).update(`graph-subscription:${mailbox}`).digest("base64url");

export interface SubscriptionKeeperOptions {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientStateSecret: string;
}

export class SubscriptionKeeper {
  private running: Promise<void> | undefined;

  constructor(
    private readonly graph: GraphSubscriptions,
    private readonly store: SubscriptionStore,
    private readonly clock: ServiceClock,
    private readonly log: ServiceLog,
    private readonly options: SubscriptionKeeperOptions,
  ) {}

  private expiry(): string {
    return new Date(this.clock.now().getTime() + SUBSCRIPTION_LIFETIME_MINUTES * MINUTE).toISOString();
  }

  private async create(mailbox: string): Promise<void> {
    const created = await this.graph.create(mailbox, {
      notificationUrl: this.options.notificationUrl,
      lifecycleNotificationUrl: this.options.lifecycleNotificationUrl,
      clientState: clientStateFor(this.options.clientStateSecret, mailbox),
      expirationDateTime: this.expiry(),
    });
    await this.store.saveSubscription({ mailbox, subscriptionId: created.id, expiresAt: created.expirationDateTime });
    this.log.info("subscribed", { mailbox, subscriptionId: created.id, expiresAt: created.expirationDateTime });
  }

  /** Every opted-in mailbox has a subscription with more than a day left. One pass at a time. */
  ensure(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const current = new Map((await this.store.subscriptions()).map((s) => [s.mailbox, s]));
    const now = this.clock.now().getTime();
    let failure: unknown;
    // A few mailboxes at a time: each creation waits for Graph's validation round trip, and a firm's first pass
    // (1,000 mailboxes) one by one would take many minutes before the last mailbox is heard.
    const pending = (await this.store.mailboxes()).map((m) => m.mailbox);
    const keepOne = async (mailbox: string) => {
      const s = current.get(mailbox);
      try {
        if (!s) await this.create(mailbox);
        else if (Date.parse(s.expiresAt) - now < RENEW_WHEN_LEFT_MINUTES * MINUTE) {
          try {
            const renewed = await this.graph.renew(s.subscriptionId, this.expiry());
            await this.store.saveSubscription({ ...s, expiresAt: renewed.expirationDateTime });
          } catch (e) {
            if (!(e instanceof SubscriptionGoneError)) throw e;
            await this.store.removeSubscription(mailbox);
            await this.create(mailbox);
          }
        }
      } catch (e) {
        // One mailbox's trouble does not stop the others; the next pass tries again.
        failure ??= e;
        this.log.warn("subscription not kept", { mailbox, error: (e as Error).message });
      }
    };
    await Promise.all(
      Array.from({ length: KEEP_AT_ONCE }, async () => {
        for (let next = pending.shift(); next !== undefined; next = pending.shift()) await keepOne(next);
      }),
    );
    if (failure !== undefined) throw failure;
  }

  /** reauthorizationRequired: renew at the next pass (now, if kicked). */
  async renewSoon(mailbox: string): Promise<void> {
    const s = (await this.store.subscriptions()).find((x) => x.mailbox === mailbox);
    if (s) await this.store.saveSubscription({ ...s, expiresAt: this.clock.now().toISOString() });
  }

  /** subscriptionRemoved: forget it, so the next pass subscribes again. */
  async forget(mailbox: string): Promise<void> {
    await this.store.removeSubscription(mailbox);
  }
}
