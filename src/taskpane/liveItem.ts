// Keeps an open task pane truthful while the user works. The pane is pinnable, so it can outlive the item it was
// opened on, and the item changes under it:
// - mailbox ItemChanged: a pinned pane moved to another item (or to none): reload everything for the new one.
//   Item-level handlers belong to an item, so they are registered again on the new item.
// - item AppointmentTimeChanged / RecipientsChanged / RecurrenceChanged / AttachmentsChanged: the form was edited;
//   the controller refreshes the view (debounced, one at a time).
// - Outlook raises no event when another runtime changes the item's custom properties (the ribbon's "Add to
//   InterAction" runs in the commands runtime), so while the pane is visible it re-reads that small local state
//   now and then, and at once when the pane regains focus or becomes visible.

export interface LiveItemHandlers {
  /** The selected item changed; `hasItem` is false when nothing (or no meeting) is selected. */
  itemChanged(hasItem: boolean): void;
  /** The open form was edited. */
  itemEdited(): void;
  /** Cheap check whether the item's sync state changed elsewhere. */
  check(): void;
}

type Handler = (args?: unknown) => void;
interface EventSource {
  addHandlerAsync?(type: unknown, handler: Handler, callback?: (result: unknown) => void): void;
  removeHandlerAsync?(type: unknown, callback?: (result: unknown) => void): void;
}
export interface OfficeLike {
  context?: { mailbox?: (EventSource & { item?: (EventSource & object) | null }) | null } | null;
  EventType?: Record<string, unknown>;
}
export interface PageLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  readonly document?: { visibilityState?: string };
}
export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The form edits that change what the pane shows (subject, location and notes raise no event in Outlook). */
export const ITEM_EDIT_EVENTS = [
  "AppointmentTimeChanged",
  "RecipientsChanged",
  "RecurrenceChanged",
  "AttachmentsChanged",
] as const;

/** How often a visible pane re-reads the item's sync state (a local read of custom properties, no request). */
export const STATE_CHECK_MS = 3000;

/** Subscribes to everything above; returns the function that removes every handler again. */
export function watchMeetingItem(
  office: OfficeLike,
  handlers: LiveItemHandlers,
  page: PageLike,
  timers: IntervalTimers,
  checkEveryMs = STATE_CHECK_MS,
): () => void {
  const mailbox = office.context?.mailbox;
  const types = office.EventType ?? {};
  const editTypes = ITEM_EDIT_EVENTS.map((name) => types[name]).filter((t) => t !== undefined);
  const onEdit: Handler = () => handlers.itemEdited();
  let watched: EventSource | null = null;

  // Office calls back with an error for events a host doesn't support; the pane then simply has fewer triggers.
  const ignore = () => undefined;
  const watchItem = (item: EventSource | null | undefined) => {
    if (watched) unwatchItem();
    if (!item?.addHandlerAsync) return;
    watched = item;
    for (const type of editTypes) {
      try {
        item.addHandlerAsync(type, onEdit, ignore);
      } catch {
        // Unsupported in this host.
      }
    }
  };
  const unwatchItem = () => {
    const item = watched;
    watched = null;
    for (const type of editTypes) {
      try {
        item?.removeHandlerAsync?.(type, ignore);
      } catch {
        // The previous item may already be gone.
      }
    }
  };

  const onItemChanged: Handler = () => {
    const item = office.context?.mailbox?.item;
    watchItem(item);
    handlers.itemChanged(Boolean(item));
  };
  const itemChangedType = types.ItemChanged;
  if (mailbox?.addHandlerAsync && itemChangedType !== undefined) {
    try {
      mailbox.addHandlerAsync(itemChangedType, onItemChanged, ignore);
    } catch {
      // Not pinnable here: the pane closes with its item.
    }
  }
  watchItem(mailbox?.item);

  const visible = () => (page.document?.visibilityState ?? "visible") === "visible";
  const onVisible = () => {
    if (visible()) handlers.check();
  };
  page.addEventListener("focus", onVisible);
  page.addEventListener("visibilitychange", onVisible);
  const interval = timers.setInterval(onVisible, checkEveryMs);

  return () => {
    timers.clearInterval(interval);
    page.removeEventListener("focus", onVisible);
    page.removeEventListener("visibilitychange", onVisible);
    unwatchItem();
    if (itemChangedType !== undefined) {
      try {
        mailbox?.removeHandlerAsync?.(itemChangedType, ignore);
      } catch {
        // Nothing to remove.
      }
    }
  };
}
