// Fault injection (PUT /__sandbox/faults): a rule matches API requests by method and path and answers an error
// status, delays, resets the connection, garbles the body, holds the request back until the rules are next replaced,
// or (afterCommit) lets the write happen and loses only its answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./apiError";
import { isApiRequest, pathOf, type RequestLog } from "./requestLog";

export interface FaultRule {
  method?: string;
  path?: string;
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  reset?: boolean;
  malformed?: boolean;
  /** Keep the request waiting, not yet run, until the rules are next replaced, the sandbox is reset or closed:
   * a request that outlives the client's timeout and lands later, at a moment the caller chooses. */
  hold?: boolean;
  /** With `status` or `reset`: run the request first (the write is applied), then lose its answer. */
  afterCommit?: boolean;
  times?: number;
}

/** An injected error answer: status, Retry-After (429 and 503 default to 1 s) and the error shape. */
function statusFault(reply: FastifyReply, status: number, retryAfterSeconds?: number) {
  reply.header("x-sandbox-fault", "status"); // says which answers were injected, for tests and the network tab
  const retryAfter = retryAfterSeconds ?? (status === 429 || status === 503 ? 1 : undefined);
  if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
  const code = status === 429 ? "rateLimited" : status >= 500 ? "unavailable" : "fault";
  const message =
    status === 429
      ? "InterAction is receiving too many requests; try again shortly."
      : `InterAction answered ${status} (injected fault).`;
  reply.code(status).type("application/json");
  return { code, message };
}

const injectors = new WeakMap<FastifyInstance, FaultInjector>();

/** The fault injector installed in `app`: lets an in-process test read its heldTrace. */
export function faultInjectorOf(app: FastifyInstance): FaultInjector | undefined {
  return injectors.get(app);
}

export class FaultInjector {
  private rules: (FaultRule & { regex?: RegExp })[] = [];
  // Requests a `hold` rule keeps waiting; `done` settles once a released one has run (its answer is being sent).
  private held: { release: () => void; done: Promise<void> }[] = [];
  private readonly heldDone = new WeakMap<FastifyRequest, () => void>();
  /**
   * What became of held requests, in order: "entered <request>" when a released one goes on to run, "answered
   * <request>" when its answer is sent (<request>: its Idempotency-Key, else method and path). Observation only, so a
   * test can see that each lands before the next is let go, not just in which order they happened to land. Last 1,000.
   */
  readonly heldTrace: string[] = [];

  constructor(private readonly requests: RequestLog) {}

  /** The rules as set (without their compiled paths). */
  list(): FaultRule[] {
    return this.rules.map(({ regex: _regex, ...rule }) => rule);
  }

  /** Replaces the rules (400 naming each bad one) and lets the held requests land before it returns. */
  async replace(rules: FaultRule[]): Promise<void> {
    const details: { field: string; message: string }[] = [];
    const compiled = rules.map((rule, i) => {
      if (!rule.status && !rule.delayMs && !rule.reset && !rule.malformed && !rule.hold) {
        details.push({ field: `body.rules.${i}`, message: "needs one of status, delayMs, reset, malformed, hold" });
      }
      if (rule.afterCommit && !rule.status && !rule.reset) {
        details.push({ field: `body.rules.${i}.afterCommit`, message: "needs status or reset" });
      }
      try {
        return { ...rule, regex: rule.path ? new RegExp(rule.path) : undefined };
      } catch {
        details.push({ field: `body.rules.${i}.path`, message: "is not a regular expression" });
        return rule;
      }
    });
    if (details.length) throw new ApiError(400, "invalid", "The fault rules are not valid.", details);
    this.rules = compiled;
    await this.releaseHeld(); // held requests land now, before this answer
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * Lets every held request run, one at a time in the order they arrived, each (at most 10 s) to its answer. Released
   * all at once, two held writes of one meeting raced inside the sandbox, so which landed first (and which got the
   * 412) changed from run to run: a seed no longer replayed its schedule. In arrival order the older write lands
   * first, which is the case a late answer is held back to test.
   */
  async releaseHeld(): Promise<void> {
    const batch = this.held;
    this.held = [];
    for (const h of batch) {
      h.release();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cap = new Promise<void>((r) => {
        timer = setTimeout(r, 10_000);
        timer.unref();
      });
      await Promise.race([h.done, cap]);
      clearTimeout(timer);
    }
  }

  private traceHeld(event: "entered" | "answered", request: FastifyRequest): void {
    const key = request.headers["idempotency-key"];
    this.heldTrace.push(`${event} ${typeof key === "string" ? key : `${request.method} ${pathOf(request.url)}`}`);
    if (this.heldTrace.length > 1000) this.heldTrace.shift();
  }

  /** A held request's answer is being sent: the release of the next one may go on. */
  private answered(request: FastifyRequest): void {
    const done = this.heldDone.get(request);
    if (!done) return;
    this.traceHeld("answered", request);
    done();
  }

  private match(request: FastifyRequest): FaultRule | undefined {
    const p = pathOf(request.url);
    return this.rules.find(
      (r) =>
        (r.times === undefined || r.times > 0) &&
        (!r.method || r.method.toUpperCase() === request.method) &&
        (!r.regex || r.regex.test(p)),
    );
  }

  /** Hooks the rules into `app`: on arrival (most faults), before the handler (hold) and on sending (the rest). */
  install(app: FastifyInstance): void {
    injectors.set(app, this);
    app.addHook("onRequest", async (request, reply) => {
      if (!isApiRequest(request)) return;
      const rule = this.match(request);
      if (!rule) return;
      if (rule.times !== undefined) rule.times -= 1;
      const info = this.requests.notesOf(request);
      if (rule.delayMs) {
        info.fault = `delay ${rule.delayMs}ms`;
        await new Promise((r) => setTimeout(r, rule.delayMs));
      }
      if (rule.hold) {
        // Waits in preHandler: here the body is not read yet, and a client that gave up would take it with it.
        info.fault = "hold";
        info.hold = true;
      }
      if (rule.afterCommit && (rule.reset || rule.status)) {
        // The request runs (a write is applied); onSend then loses its answer.
        info.fault = rule.reset ? "reset after commit" : `status ${rule.status} after commit`;
        info.afterCommit = rule;
        return;
      }
      if (rule.reset) {
        info.fault = "reset";
        info.logged = true;
        this.requests.log(request, 0); // with the Idempotency-Key, so a test can tell which write the reset hit
        request.raw.socket.destroy();
        return reply.hijack();
      }
      if (rule.status) {
        info.fault = `status ${rule.status}`;
        return reply.send(statusFault(reply, rule.status, rule.retryAfterSeconds));
      }
      if (rule.malformed) {
        info.fault = "malformed";
        info.malformed = true;
      }
    });

    app.addHook("preHandler", async (request) => {
      if (!this.requests.peek(request)?.hold) return;
      const done = new Promise<void>((r) => this.heldDone.set(request, r));
      await new Promise<void>((release) => this.held.push({ release, done }));
      this.traceHeld("entered", request);
    });

    app.addHook("onSend", async (request, reply, payload) => {
      const info = this.requests.peek(request);
      // The client of a held request is gone and a lost answer never finishes, so onResponse may not run: log here.
      const logNow = (status: number) => {
        if (!info) return;
        info.logged = true;
        this.requests.log(request, status);
      };
      const after = info?.afterCommit;
      if (after?.reset) {
        logNow(0);
        this.answered(request);
        request.raw.socket.destroy();
        return payload;
      }
      if (after?.status) {
        reply.removeHeader("content-length");
        reply.removeHeader("etag");
        const body = JSON.stringify(statusFault(reply, after.status, after.retryAfterSeconds));
        logNow(after.status);
        this.answered(request);
        return body;
      }
      if (info?.hold) {
        logNow(reply.statusCode);
        this.answered(request);
      }
      if (info?.malformed) {
        reply.type("application/json").header("x-sandbox-fault", "malformed");
        reply.removeHeader("content-length");
        return '{"malformed": tr';
      }
      return payload;
    });
  }
}
