// Injected faults and the request log (like the sandbox's /__sandbox/faults and /__sandbox/requests), so tests and the
// bench can make Graph misbehave on purpose and count the calls a client made.

export interface FaultRule {
  /** HTTP method to match (default any). */
  method?: string;
  /** Regular expression matched against the path and query (default any Graph route). */
  path?: string;
  /** Answer this status instead (503, 429, 410, 500...). */
  status?: number;
  /** With 429/503: the Retry-After to answer (seconds; default 1). */
  retryAfterSeconds?: number;
  /** Wait this long before running the request ("slow"). */
  delayMs?: number;
  /** Drop the next change notification(s) instead of POSTing them (path matches the notificationUrl). */
  dropNotification?: boolean;
  /** POST the next change notification(s) twice, the copy `delayMs` later (default at once): Graph delivers at least
   * once, and a retry after a lost answer reaches the endpoint again. */
  duplicateNotification?: boolean;
  /** How many times the rule applies (default: until replaced). */
  times?: number;
}

export interface RequestLogEntry {
  /** When the request arrived (dev clock). */
  at: string;
  method: string;
  path: string;
  status: number;
  appId?: string;
  userId?: string;
  mailbox?: string;
  fault?: string;
}

export function checkRules(rules: unknown): { rules: FaultRule[]; problems: string[] } {
  const problems: string[] = [];
  if (!Array.isArray(rules)) return { rules: [], problems: ["rules must be a list"] };
  rules.forEach((r: FaultRule, i) => {
    if (typeof r !== "object" || r === null) return problems.push(`rules[${i}] must be an object`);
    if (!r.status && !r.delayMs && !r.dropNotification && !r.duplicateNotification)
      problems.push(`rules[${i}] needs status, delayMs, dropNotification or duplicateNotification`);
    if (r.dropNotification && r.duplicateNotification)
      problems.push(`rules[${i}] cannot both drop and duplicate a notification`);
    if (r.status !== undefined && !(Number.isInteger(r.status) && r.status >= 400 && r.status <= 599))
      problems.push(`rules[${i}].status must be 400-599`);
    if (r.path !== undefined) {
      try {
        new RegExp(r.path);
      } catch {
        problems.push(`rules[${i}].path is not a regular expression`);
      }
    }
    return undefined;
  });
  return { rules: rules as FaultRule[], problems };
}

export class Faults {
  rules: FaultRule[] = [];
  log: RequestLogEntry[] = [];

  /** The first rule matching a request, or a notification (drop or duplicate rules), counting down its `times`. */
  take(method: string, url: string, kind: "request" | "notification"): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        (kind === "notification") === (r.dropNotification === true || r.duplicateNotification === true) &&
        (!r.method || r.method.toUpperCase() === method.toUpperCase()) &&
        (!r.path || new RegExp(r.path).test(url)) &&
        (r.times === undefined || r.times > 0),
    );
    if (rule && rule.times !== undefined) rule.times--;
    return rule;
  }

  record(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > 5000) this.log = this.log.slice(-5000);
  }
}
