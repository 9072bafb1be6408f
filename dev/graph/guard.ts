// What stands in front of every Graph call: the request log, injected faults, the bearer token, the mailbox and the
// application access policy, and throttling. Errors in Graph's shape: { error: { code, message, innerError } }.
import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { DevClock } from "./clock";
import { Faults } from "./faults";
import { type Caller, type IdentityProvider, OAuthError } from "./idp";
import type { Mailbox, Store } from "./store";
import { Throttle } from "./throttling";

/** Which mailboxes an application may read (Exchange Online application access policy / RBAC for Applications). */
export class AccessPolicy {
  /** clientId → the mailboxes (ids) it may read; an app absent from the map may read every mailbox. */
  private readonly allowed = new Map<string, Set<string>>();
  set(clientId: string, mailboxIds: string[] | null): void {
    if (mailboxIds === null) this.allowed.delete(clientId);
    else this.allowed.set(clientId, new Set(mailboxIds));
  }
  allows(clientId: string, mailboxId: string): boolean {
    const set = this.allowed.get(clientId);
    return !set || set.has(mailboxId);
  }
  describe(): Record<string, string[]> {
    return Object.fromEntries([...this.allowed].map(([k, v]) => [k, [...v]]));
  }
  clear(): void {
    this.allowed.clear();
  }
}

export interface CallContext {
  caller: Caller;
  mailbox?: Mailbox;
}

export function graphError(reply: FastifyReply, status: number, code: string, message: string, clock: DevClock) {
  const requestId = randomUUID();
  return reply
    .code(status)
    .header("request-id", requestId)
    .header("client-request-id", requestId)
    .send({
      error: {
        code,
        message,
        innerError: { date: clock.now().toISOString(), "request-id": requestId, "client-request-id": requestId },
      },
    });
}

const READ_PERMISSIONS = ["Calendars.Read", "Calendars.ReadWrite", "Calendars.ReadBasic"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Guard {
  readonly faults = new Faults();
  readonly throttle = new Throttle();
  readonly policy = new AccessPolicy();
  private readonly contexts = new WeakMap<
    FastifyRequest,
    CallContext & { release?: () => void; fault?: string; arrivedAt: string }
  >();

  constructor(
    private readonly idp: IdentityProvider,
    private readonly store: Store,
    private readonly clock: DevClock,
  ) {}

  context(request: FastifyRequest): CallContext {
    const c = this.contexts.get(request);
    if (!c) throw new Error("Graph route without its guard");
    return c;
  }

  /**
   * Runs before a Graph handler: faults, token, mailbox, policy, throttle. Answers the error itself and returns false
   * when the call may not proceed. `userParam` is the route's {id | userPrincipalName}, when it addresses a mailbox.
   */
  async admit(request: FastifyRequest, reply: FastifyReply, userParam?: string): Promise<boolean> {
    const rule = this.faults.take(request.method, request.url, "request");
    const ctx: CallContext & { release?: () => void; fault?: string; arrivedAt: string } = {
      caller: { appId: "", kind: "application", permissions: [] },
      arrivedAt: this.clock.now().toISOString(),
    };
    this.contexts.set(request, ctx);
    try {
      ctx.caller = await this.idp.verify(request.headers.authorization);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      reply.header(
        "www-authenticate",
        `Bearer realm="", authorization_uri="${this.idp.authority}/oauth2/authorize", error="invalid_token"`,
      );
      graphError(reply, 401, e.error, e.description, this.clock);
      return false;
    }
    if (userParam === "me" && ctx.caller.kind !== "delegated") {
      graphError(reply, 400, "BadRequest", "/me request is only valid with delegated authentication flow.", this.clock);
      return false;
    }
    if (userParam !== undefined) {
      const key = userParam === "me" ? (ctx.caller.userId ?? "") : decodeURIComponent(userParam);
      const mailbox = this.store.mailbox(key);
      if (!mailbox) {
        graphError(reply, 404, "ErrorInvalidUser", `The requested user '${userParam}' is invalid.`, this.clock);
        return false;
      }
      ctx.mailbox = mailbox;
      if (!this.permits(ctx.caller, mailbox, reply)) return false;
    }
    if (rule?.status) {
      ctx.fault = `status ${rule.status}`;
      if (rule.status === 429 || rule.status === 503) reply.header("retry-after", String(rule.retryAfterSeconds ?? 1));
      const code =
        rule.status === 429
          ? "TooManyRequests"
          : rule.status === 503
            ? "ServiceNotAvailable"
            : rule.status === 410
              ? "SyncStateNotFound"
              : "InjectedFault";
      graphError(reply, rule.status, code, `Injected fault (${rule.status}).`, this.clock);
      return false;
    }
    if (ctx.mailbox) {
      const verdict = this.throttle.acquire(ctx.caller.appId, ctx.mailbox.id);
      if (!verdict.ok) {
        ctx.fault = "throttled";
        reply.header("retry-after", String(verdict.retryAfterSeconds));
        graphError(reply, 429, "ApplicationThrottled", verdict.reason, this.clock);
        return false;
      }
      ctx.release = verdict.release;
    }
    if (rule?.delayMs) {
      // A slow answer holds its throttling slot, as a slow mailbox does.
      ctx.fault = `delay ${rule.delayMs}ms`;
      await sleep(rule.delayMs);
    }
    return true;
  }

  /** Permission and the application access policy; a delegated token reads only its own user's mailbox. */
  permits(caller: Caller, mailbox: Mailbox, reply: FastifyReply): boolean {
    if (!caller.permissions.some((p) => READ_PERMISSIONS.includes(p))) {
      graphError(reply, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.", this.clock);
      return false;
    }
    if (caller.kind === "delegated" && caller.userId !== mailbox.id) {
      graphError(reply, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.", this.clock);
      return false;
    }
    if (caller.kind === "application" && !this.policy.allows(caller.appId, mailbox.id)) {
      graphError(
        reply,
        403,
        "ErrorAccessDenied",
        "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.",
        this.clock,
      );
      return false;
    }
    return true;
  }

  /** After the answer: free the throttle slot, write the request log. */
  done(request: FastifyRequest, reply: FastifyReply): void {
    const ctx = this.contexts.get(request);
    ctx?.release?.();
    this.faults.record({
      at: ctx?.arrivedAt ?? this.clock.now().toISOString(),
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      appId: ctx?.caller.appId || undefined,
      userId: ctx?.caller.userId,
      mailbox: ctx?.mailbox?.email,
      fault: ctx?.fault,
    });
  }
}
