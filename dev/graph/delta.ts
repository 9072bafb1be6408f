// calendarView delta (https://learn.microsoft.com/graph/api/event-delta): the window is fixed by the first call and
// carried in the opaque state tokens; pages follow Prefer: odata.maxpagesize; the last page of a round gives the
// deltaLink; a later round gives what changed since (created/updated events in full, "@removed" for items deleted,
// declined or moved out of the window). A token whose mailbox state was reset (POST /__graph/delta-tokens/expire or
// a 410 fault) answers 410 Gone: the client must start over with a full sync.
import type * as Graph from "@microsoft/microsoft-graph-types";
import { graphEvent, GraphRequestError } from "./graphEvent";
import type { Mailbox, Store } from "./store";

export const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

interface DeltaState {
  v: 1;
  /** mailbox id */
  m: string;
  /** window (UTC ISO) */
  s: string;
  e: string;
  /** the mailbox's delta epoch when the round started; a newer epoch expires the token */
  ep: number;
  /** changes after this seq belong to this round (0 on the initial round) */
  after: number;
  /** the round covers changes up to this seq (the log's end when the round started) */
  snap: number;
  initial: boolean;
  /** keyset cursor: items with an id above this one are still to come in this round */
  cur: string;
}

const encode = (s: DeltaState) => Buffer.from(JSON.stringify(s)).toString("base64url");
function decode(token: string): DeltaState {
  try {
    const s = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as DeltaState;
    if (s.v === 1 && typeof s.m === "string" && typeof s.snap === "number") return s;
  } catch {
    // fall through
  }
  throw new GraphRequestError(400, "ErrorInvalidSyncStateData", "The sync state data is corrupt or otherwise invalid.");
}

const overlaps = (w: { s: string; e: string }, start: string, end: string) => start < w.e && end > w.s;

export function pageSizeFrom(prefer: string | string[] | undefined): number | undefined {
  const text = Array.isArray(prefer) ? prefer.join(",") : (prefer ?? "");
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(text);
  return m?.[1] ? Math.min(MAX_PAGE_SIZE, Math.max(1, Number(m[1]))) : undefined;
}

export interface DeltaQuery {
  startDateTime?: string;
  endDateTime?: string;
  $skiptoken?: string;
  $deltatoken?: string;
  [other: string]: string | undefined;
}

/** One delta page for `mailbox`; `linkBase` is `${origin}/v1.0/users/${mailbox.id}/calendarView/delta`. */
export function deltaPage(
  store: Store,
  mailbox: Mailbox,
  query: DeltaQuery,
  pageSize: number,
  linkBase: string,
  zone?: string,
) {
  for (const unsupported of ["$select", "$expand", "$filter", "$orderby", "$search"]) {
    if (query[unsupported] !== undefined)
      throw new GraphRequestError(
        400,
        "ErrorInvalidUrlQuery",
        `The query parameter '${unsupported}' is not supported with calendarView delta.`,
      );
  }
  const token = query.$skiptoken ?? query.$deltatoken;
  let state: DeltaState;
  if (token) {
    state = decode(token);
    if (state.m !== mailbox.id)
      throw new GraphRequestError(400, "ErrorInvalidSyncStateData", "The sync state belongs to another mailbox.");
    if (state.ep !== store.deltaEpoch(mailbox.id)) {
      throw new GraphRequestError(
        410,
        "SyncStateNotFound",
        "The sync state generation is no longer valid: start a full synchronization again without a token.",
      );
    }
    if (query.$deltatoken) {
      // A new round: everything committed after the previous round's end, up to now.
      state = { ...state, after: state.snap, snap: store.lastSeq(), initial: false, cur: "" };
    }
  } else {
    const s = query.startDateTime,
      e = query.endDateTime;
    if (!s || !e || Number.isNaN(Date.parse(s)) || Number.isNaN(Date.parse(e))) {
      throw new GraphRequestError(
        400,
        "ErrorInvalidParameter",
        "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
      );
    }
    state = {
      v: 1,
      m: mailbox.id,
      s: new Date(s).toISOString(),
      e: new Date(e).toISOString(),
      ep: store.deltaEpoch(mailbox.id),
      after: 0,
      snap: store.lastSeq(),
      initial: true,
      cur: "",
    };
  }

  const value: (Graph.Event | { id: string; "@removed": { reason: string }; "@odata.type": string })[] = [];
  let last = state.cur;
  let more = false;
  if (state.initial) {
    const all = store
      .eventsOf(mailbox.id, { start: state.s, end: state.e })
      .filter((ev) => ev.id > state.cur)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const ev of all) {
      if (value.length === pageSize) {
        more = true;
        break;
      }
      value.push(graphEvent(store, ev, zone));
      last = ev.id;
    }
  } else {
    const ids = store
      .changedEventIds(mailbox.id, state.after, state.snap)
      .filter((id) => id > state.cur)
      .sort();
    for (const id of ids) {
      if (value.length === pageSize) {
        more = true;
        break;
      }
      last = id;
      const ev = store.event(id);
      if (ev && ev.mailboxId === mailbox.id && overlaps(state, ev.start, ev.end)) {
        value.push(graphEvent(store, ev, zone));
      } else if (store.positionsSince(id, state.after).some((p) => overlaps(state, p.start, p.end))) {
        value.push({ "@odata.type": "#microsoft.graph.event", id, "@removed": { reason: "deleted" } });
      }
    }
  }
  const context = `${linkBase.replace(/\/users\/.*$/, "")}/$metadata#Collection(event)`;
  if (more)
    return {
      "@odata.context": context,
      "@odata.nextLink": `${linkBase}?$skiptoken=${encode({ ...state, cur: last })}`,
      value,
    };
  return {
    "@odata.context": context,
    "@odata.deltaLink": `${linkBase}?$deltatoken=${encode({ ...state, cur: "" })}`,
    value,
  };
}
