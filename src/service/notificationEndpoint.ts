// The HTTPS endpoint Graph posts change and lifecycle notifications to (behind the firm's TLS-terminating proxy in
// production; plain HTTP on the loopback in development, which the local Graph allows).
// - Validation handshake: ?validationToken=... answered 200 text/plain with the decoded token.
// - Change notification: the subscription's mailbox is looked up and its clientState checked (timing-safe); a forged
//   one is ignored and logged (without its clientState), a genuine one queues "sync mailbox X". The answer goes out
//   within 3 s whatever happens: the work is a job, never done here (a lost enqueue is caught by the sweep).
// - Lifecycle notification: reauthorizationRequired → renew; subscriptionRemoved → subscribe again and resync;
//   missed → resync. Each only marks what to do and kicks the keeper in the background.
import http from "node:http";
import { timingSafeEqual } from "node:crypto";
import { clientStateFor } from "./subscriptionKeeper";
import type { ServiceLog } from "./ports";

export const NOTIFICATION_PATH = "/graph/notifications";
export const LIFECYCLE_PATH = "/graph/lifecycle";
/** Graph waits 3 s; leave room for the network. */
const ANSWER_WITHIN_MS = 2500;
const MAX_BODY = 1024 * 1024;

export interface NotificationEndpointDeps {
  /** The mailbox of one of the service's subscriptions; null for a subscription it does not know. */
  mailboxOf(subscriptionId: string): Promise<string | null>;
  clientStateSecret: string;
  enqueue(mailbox: string): Promise<void>;
  keeper: {
    renewSoon(mailbox: string): Promise<void>;
    forget(mailbox: string): Promise<void>;
    ensure(): Promise<void>;
  };
  log: ServiceLog;
}

interface Notification {
  subscriptionId?: string;
  clientState?: string | null;
  lifecycleEvent?: string;
}

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const readBody = (request: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) request.destroy(new Error("notification body too large"));
      else chunks.push(c);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

export function createNotificationHandler(deps: NotificationEndpointDeps) {
  /** The mailbox a notification speaks for, or null when it is not genuine. */
  const genuine = async (n: Notification): Promise<string | null> => {
    const mailbox = n.subscriptionId ? await deps.mailboxOf(n.subscriptionId) : null;
    if (
      !mailbox ||
      typeof n.clientState !== "string" ||
      !sameSecret(n.clientState, clientStateFor(deps.clientStateSecret, mailbox))
    ) {
      deps.log.warn("forged or unknown notification ignored", { subscriptionId: n.subscriptionId ?? null });
      return null;
    }
    return mailbox;
  };

  const onChange = async (n: Notification) => {
    const mailbox = await genuine(n);
    if (mailbox) await deps.enqueue(mailbox);
  };

  const onLifecycle = async (n: Notification) => {
    const mailbox = await genuine(n);
    if (!mailbox) return;
    deps.log.info("lifecycle notification", { mailbox, event: n.lifecycleEvent ?? null });
    if (n.lifecycleEvent === "reauthorizationRequired") await deps.keeper.renewSoon(mailbox);
    else if (n.lifecycleEvent === "subscriptionRemoved") await deps.keeper.forget(mailbox);
    if (n.lifecycleEvent === "subscriptionRemoved" || n.lifecycleEvent === "missed") await deps.enqueue(mailbox);
    if (n.lifecycleEvent === "reauthorizationRequired" || n.lifecycleEvent === "subscriptionRemoved") {
      void deps.keeper.ensure().catch((e: Error) => deps.log.warn("subscription not kept", { error: e.message }));
    }
  };

  return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://service.local");
    if (request.method !== "POST" || (url.pathname !== NOTIFICATION_PATH && url.pathname !== LIFECYCLE_PATH)) {
      response.writeHead(404).end();
      return;
    }
    const token = url.searchParams.get("validationToken");
    if (token !== null) {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(token);
      return;
    }
    let notifications: Notification[];
    try {
      const body = JSON.parse(await readBody(request)) as { value?: Notification[] };
      notifications = Array.isArray(body.value) ? body.value : [];
    } catch {
      deps.log.warn("unreadable notification ignored", {});
      response.writeHead(400).end();
      return;
    }
    const handle = url.pathname === LIFECYCLE_PATH ? onLifecycle : onChange;
    const work = Promise.all(notifications.map((n) => handle(n))).catch((e: Error) =>
      deps.log.warn("notification not queued; the sweep will read the mailbox", { error: e.message }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ANSWER_WITHIN_MS)))]);
    clearTimeout(timer);
    response.writeHead(202).end();
  };
}

export function startNotificationServer(
  deps: NotificationEndpointDeps,
  port: number,
  host = "127.0.0.1",
): Promise<{ server: http.Server; port: number; close(): Promise<void> }> {
  const handler = createNotificationHandler(deps);
  const server = http.createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const address = server.address() as { port: number };
      resolve({
        server,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
