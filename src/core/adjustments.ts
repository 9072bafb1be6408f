// What normalization and InterAction's limits change about a meeting on its way in. The payload leaves out what it
// cannot store (unreadable addresses, attendees past the limit) and shortens over-long text, so a meeting Outlook
// accepts is never refused; this module says exactly what was changed, so the user is told instead of seeing a plain
// "Added" for a meeting InterAction holds only part of. Pure: the same snapshot always gives the same list.
import type { MeetingSnapshot } from "./meeting";
import { fit, MAX_NOTICE_LENGTH, messages } from "./messages";
import { normalizeSnapshot } from "./normalize";
import { isValidEmail, PAYLOAD_LIMITS } from "./payload";

export type Adjustment =
  /** Addresses that are empty or malformed: InterAction cannot match them to a contact. */
  | { kind: "attendeesUnreadable"; count: number; examples: string[] }
  /** Valid attendees past InterAction's limit (optional and resource entries go first). */
  | { kind: "attendeesOverLimit"; count: number; limit: number }
  | { kind: "fieldShortened"; field: "subject" | "location" | "notes"; from: number; to: number };

const MAX_EXAMPLES = 3;

/** What `buildPayload` will leave out or shorten for this raw (not yet normalized) snapshot. */
export const describeAdjustments = (raw: MeetingSnapshot): Adjustment[] => {
  const snapshot = normalizeSnapshot(raw);
  const adjustments: Adjustment[] = [];
  // Entries without any address are dropped by normalization already; they are counted from the raw snapshot, under
  // the display name the user sees in Outlook.
  const empty = raw.attendees.filter((a) => a.email.trim() === "").map((a) => a.name.trim() || "(no address)");
  const malformed = snapshot.attendees.filter((a) => !isValidEmail(a.email)).map((a) => a.email);
  const unreadable = [...malformed, ...empty];
  if (unreadable.length > 0)
    adjustments.push({
      kind: "attendeesUnreadable",
      count: unreadable.length,
      examples: unreadable.slice(0, MAX_EXAMPLES),
    });
  const valid = snapshot.attendees.length - malformed.length;
  if (valid > PAYLOAD_LIMITS.attendees)
    adjustments.push({
      kind: "attendeesOverLimit",
      count: valid - PAYLOAD_LIMITS.attendees,
      limit: PAYLOAD_LIMITS.attendees,
    });
  for (const field of ["subject", "location", "notes"] as const) {
    const from = snapshot[field].length;
    const to = PAYLOAD_LIMITS[field];
    if (from > to) adjustments.push({ kind: "fieldShortened", field, from, to });
  }
  return adjustments;
};

const sentence = (a: Adjustment, withExamples: boolean): string =>
  a.kind === "attendeesUnreadable"
    ? messages.adjusted.attendeesUnreadable(a.count, withExamples ? a.examples : [])
    : a.kind === "attendeesOverLimit"
      ? messages.adjusted.attendeesOverLimit(a.count, a.limit)
      : messages.adjusted.fieldShortened(a.field, a.to);

/**
 * `base` ("Added to InterAction.") followed by what was changed, within Outlook's 150 characters: the examples of
 * unreadable addresses go first when it does not fit, then the text is cut with an ellipsis.
 */
export const explainAdjustments = (base: string, adjustments: readonly Adjustment[]): string => {
  if (adjustments.length === 0) return base;
  const full = [base, ...adjustments.map((a) => sentence(a, true))].join(" ");
  if (full.length <= MAX_NOTICE_LENGTH) return full;
  return fit([base, ...adjustments.map((a) => sentence(a, false))].join(" "));
};
