// Fault kinds the schedules inject, the operations they must hit, and the tally of which kind hit which operation
// (read back from the sandbox's request log, so it counts what really happened, not what was planned).
import type { FaultRule } from "../../../dev/sandbox/server";
import type { RequestLogEntry } from "../../support/reliabilitySandbox";
import type { ReliabilityRng } from "../../support/reliabilitySandbox";

/** Far below the client's timeout, so "slow" never turns into a timeout on a busy machine. */
export const SLOW_MS = 5;

export const FAULT_KINDS = [
  "500",
  "502",
  "503",
  "429",
  "hang", // held past the client's timeout, applied later (at a step the schedule chooses)
  "reset",
  "malformed", // applied, answer unreadable
  "slow",
  "resetAfterCommit", // applied, then the connection drops
  "5xxAfterCommit", // applied, then a 5xx
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const OP_KINDS = ["create", "update", "converted", "upload", "cancel"] as const;
export type OpKind = (typeof OP_KINDS)[number];

export function faultRule(kind: FaultKind, rng: ReliabilityRng, base: FaultRule): FaultRule {
  switch (kind) {
    case "500":
    case "502":
      return { ...base, status: Number(kind) };
    case "503":
      return { ...base, status: 503, retryAfterSeconds: rng.int(1, 5) };
    case "429":
      return { ...base, status: 429, retryAfterSeconds: rng.int(1, 30) };
    case "hang":
      return { ...base, hold: true };
    case "reset":
      return { ...base, reset: true };
    case "malformed":
      return { ...base, malformed: true };
    case "slow":
      return { ...base, delayMs: SLOW_MS };
    case "resetAfterCommit":
      return { ...base, reset: true, afterCommit: true };
    case "5xxAfterCommit":
      return { ...base, status: rng.pick([500, 502, 503]), afterCommit: true };
  }
}

/** Rules anywhere in the API (reads too), as the old schedules had them. */
export function looseRules(rng: ReliabilityRng): FaultRule[] {
  const paths = [
    "^/api/v1/meetings/[^/]+$",
    "^/api/v1/meetings/[^/]+/documents/",
    "^/api/v1/settings/",
    "^/api/v1/(contacts|contact-types)",
    "^/api/v1/",
  ];
  return Array.from({ length: rng.int(1, 3) }, () => {
    const base: FaultRule = { path: rng.pick(paths), times: rng.int(1, 3) };
    if (rng.chance(0.5)) base.method = rng.pick(["PUT", "GET"]);
    return faultRule(rng.pick(FAULT_KINDS), rng, base);
  });
}

/**
 * A rule aimed at the next write of one meeting (its fields, or its documents). The kind goes round the list
 * (`turn` counts the schedule's aimed rules, from a seeded start) so that every kind meets every operation.
 */
export function aimedRule(
  rng: ReliabilityRng,
  turn: number,
  syncKey: string | undefined,
  target: "meeting" | "documents",
): FaultRule {
  const key = syncKey ?? "[^/]+";
  const path = target === "meeting" ? `^/api/v1/meetings/${key}$` : `^/api/v1/meetings/${key}/documents/`;
  return faultRule(FAULT_KINDS[turn % FAULT_KINDS.length]!, rng, { method: "PUT", path, times: rng.int(1, 2) });
}

/** The fault kind a request-log entry records ("status 503 after commit", "hold", "delay 5ms", ...). */
export function faultKindOf(fault: string | undefined): FaultKind | undefined {
  if (!fault) return undefined;
  if (fault === "hold") return "hang";
  if (fault === "reset") return "reset";
  if (fault === "malformed") return "malformed";
  if (fault.startsWith("delay")) return "slow";
  if (fault === "reset after commit") return "resetAfterCommit";
  if (/^status 5\d\d after commit$/.test(fault)) return "5xxAfterCommit";
  const status = /^status (\d+)$/.exec(fault)?.[1];
  return FAULT_KINDS.find((k) => k === status);
}

export type Coverage = Map<string, number>;
export const pairKey = (fault: FaultKind, op: OpKind) => `${fault} x ${op}`;

/** Adds one schedule's faulted writes to the tally; `opOf` names the operation of a meeting write by its key. */
export function tally(
  coverage: Coverage,
  log: readonly RequestLogEntry[],
  opOf: (idempotencyKey: string) => OpKind | undefined,
): void {
  for (const e of log) {
    const fault = faultKindOf(e.fault);
    if (!fault || e.method !== "PUT") continue;
    const op = /\/documents\//.test(e.path) ? "upload" : e.idempotencyKey ? opOf(e.idempotencyKey) : undefined;
    if (op) coverage.set(pairKey(fault, op), (coverage.get(pairKey(fault, op)) ?? 0) + 1);
  }
}

/** Pairs hit fewer than `min` times. */
export function coverageGaps(coverage: Coverage, min: number): string[] {
  return FAULT_KINDS.flatMap((f) => OP_KINDS.map((o) => pairKey(f, o))).filter((k) => (coverage.get(k) ?? 0) < min);
}
