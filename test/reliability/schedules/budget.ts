// The write budget of two writers (issue 15): a write is any mutating request to InterAction, accepted or not (a 412
// counts), and one committed change must cost one write, whichever side sees it first. Each meeting write of a
// schedule is judged from the sandbox's request log (arrival order), the revisions InterAction applied, and the body
// each side sent: "applied" (a change InterAction took: new content, or the first write that brings the iCalUId),
// "repeat" (applied, but the content InterAction already held, under a new revision), "unapplied" (answered 2xx with
// the current state: a revision InterAction already had, e.g. the other writer took it first), or "412".
import type { RequestLogEntry, ReliabilitySandbox } from "../../support/reliabilitySandbox";

export type WriteVerdict = "applied" | "repeat" | "unapplied" | "412";
export interface JudgedWrite {
  side: "addin" | "service";
  syncKey: string;
  revision: number;
  verdict: WriteVerdict;
}

/** What a write changes in InterAction: its body less the revision, the item id (a hint InterAction never answers
 * back) and the writer's fingerprint (a digest of the rest, computed by each side); the iCalUId is judged apart (the
 * late link). */
const contentOf = (body: string | undefined): { content: string; iCalUId?: string } => {
  if (!body) return { content: "" };
  const { revision: _r, fingerprint: _f, iCalUId, source, ...rest } = JSON.parse(body) as Record<string, unknown>;
  const { itemId: _i, ...src } = (source ?? {}) as Record<string, unknown>;
  return { content: JSON.stringify({ ...rest, source: src }), ...(typeof iCalUId === "string" ? { iCalUId } : {}) };
};

export function judgeWrites(
  requests: readonly RequestLogEntry[],
  box: ReliabilitySandbox,
  bodies: ReadonlyMap<string, string>,
): JudgedWrite[] {
  const taken = new Set<string>();
  const held = new Map<string, { content: string; linked: boolean }>();
  const judged: JudgedWrite[] = [];
  for (const e of requests) {
    const match = /^\/api\/v1\/meetings\/([^/]+)$/.exec(e.path);
    if (e.method !== "PUT" || !match || !e.idempotencyKey) continue;
    const syncKey = match[1]!;
    const side = e.idempotencyKey.includes(":svc:") ? "service" : "addin";
    const revision = Number(/:(?:svc:)?r(\d+)/.exec(e.idempotencyKey)?.[1] ?? 0);
    let verdict: WriteVerdict;
    if (e.status === 412) verdict = "412";
    else if (e.status < 200 || e.status >= 300)
      continue; // a fault or a refusal: not the budget's question
    else if (!box.appliedRevisions(syncKey).includes(revision) || taken.has(`${syncKey}|${revision}`))
      verdict = "unapplied";
    else {
      taken.add(`${syncKey}|${revision}`);
      const { content, iCalUId } = contentOf(bodies.get(e.idempotencyKey));
      const before = held.get(syncKey);
      const links = Boolean(iCalUId) && !before?.linked;
      verdict = before && before.content === content && !links ? "repeat" : "applied";
      held.set(syncKey, { content, linked: Boolean(before?.linked) || Boolean(iCalUId) });
    }
    judged.push({ side, syncKey, revision, verdict });
  }
  return judged;
}

/** "service: 2 repeat, 1 412; addin: 3 unapplied" (writes that were not a change), or "" when every write was one. */
export function overBudget(writes: readonly JudgedWrite[]): string {
  return (["addin", "service"] as const)
    .map((side) => {
      const counts = new Map<WriteVerdict, number>();
      for (const w of writes)
        if (w.side === side && w.verdict !== "applied") counts.set(w.verdict, (counts.get(w.verdict) ?? 0) + 1);
      return counts.size ? `${side}: ${[...counts].map(([v, n]) => `${n} ${v}`).join(", ")}` : "";
    })
    .filter(Boolean)
    .join("; ");
}
