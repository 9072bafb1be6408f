// The shape of one benchmark figure in bench/results.json and in the printed table.
import { median, round, spread, type Spread } from "./stats";

export interface Target {
  /** "<=" or "==": how value compares with the limit. */
  op: "<=" | "==";
  limit: number;
  /** Human form, e.g. "p95 <= 100 ms". */
  text: string;
}

export interface Figure {
  value: number;
  unit: string;
  target: Target | null;
  /** null when the figure has no target (context figures); false when the value or any of `checks` misses. */
  met: boolean | null;
  /** Conditions the figure is only met with (e.g. every step wrote what it should): a good average can hide them. */
  checks?: Record<string, boolean>;
  /** Median of the per-run values (what `value` is, unless noted). */
  median: number;
  spread: Spread;
  /** The per-run values the median and spread come from. */
  runs: number[];
  /** Other percentiles, counts and findings worth keeping with the figure. */
  details?: Record<string, unknown>;
  note?: string;
}

export function figure(
  runs: number[],
  unit: string,
  target: Target | null,
  extra: { details?: Record<string, unknown>; note?: string; value?: number; checks?: Record<string, boolean> } = {},
): Figure {
  const m = round(median(runs));
  const value = extra.value ?? m;
  const valueMet = target ? (target.op === "<=" ? value <= target.limit : value === target.limit) : null;
  const checksMet = Object.values(extra.checks ?? {}).every(Boolean);
  const met = valueMet === null ? null : valueMet && checksMet;
  return {
    value,
    unit,
    target,
    met,
    median: m,
    spread: spread(runs),
    runs: runs.map((r) => round(r)),
    ...(extra.checks ? { checks: extra.checks } : {}),
    ...(extra.details ? { details: extra.details } : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

export const atMost = (limit: number, text: string): Target => ({ op: "<=", limit, text });
export const exactly = (limit: number, text: string): Target => ({ op: "==", limit, text });
