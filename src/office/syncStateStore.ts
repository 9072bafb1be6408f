// The item's SyncState in its custom properties (Outlook keeps them with the item and they follow it to every
// device; attendees never see them). Persistence rules, learned the hard way:
// - CustomProperties.saveAsync is the only save this adapter makes. In read mode (attendee) it writes to the server
//   at once. In compose mode (organizer) the properties travel with the item and are kept when Outlook itself
//   commits the item: on send (the send event's properties are part of what is sent) or when the user saves.
// - It never calls item.saveAsync: on an existing meeting that would send an update to the attendees, and on a new
//   one it would create a meeting the user may still discard. A state that is lost because the user discarded the
//   form is harmless: the next open reconciles, and every write carries an idempotency key.
// - Same-device safety net: an organizer who clicks "Add" on an existing meeting and then closes the form without
//   saving loses the item's copy of the state, although InterAction already has the meeting under its sync key. So
//   the state of a saved item (one with an item id) is also kept in the runtime's storage, keyed by item id, and
//   load() takes whichever copy is further along. Without it, adding the meeting again would mint a second key.
//   When the runtime's storage refuses that copy in compose mode, save() answers onlyInForm: an Add waiting for the
//   send is then held by nothing a discard leaves, and the user is told it was not added (src/sync/runSync.ts).
// Nothing secret is ever stored here (the state has no token field; the codec writes only the state).
import type { SyncState } from "../core/syncState";
import type { KeyValueStorage, SyncStateStore } from "../sync/ports";
import { officeCall, requireApi } from "./officeAsync";
import { decodeState, emptyMap, encodeWithinBudget, PROPERTY_NAME } from "./stateCodec";

export const BACKUP_PREFIX = "interaction.itemState.v1:";
export const BACKUP_INDEX = "interaction.itemState.v1.index";
/** Item states remembered per device (oldest forgotten first). */
export const BACKUP_LIMIT = 300;

/** The further-along of two copies of one item's state (higher revision, then more delivered). */
export const furtherAlong = (a: SyncState | null, b: SyncState | null): SyncState | null => {
  if (!a || !b) return a ?? b;
  if (a.syncKey && b.syncKey && a.syncKey !== b.syncKey) return a; // different keys: the item's own copy wins
  if (b.revision !== a.revision) return b.revision > a.revision ? b : a;
  if ((b.deliveredRevision ?? 0) !== (a.deliveredRevision ?? 0))
    return (b.deliveredRevision ?? 0) > (a.deliveredRevision ?? 0) ? b : a;
  // Same revision, nothing more delivered: a copy that knows a sync key is further along than one that never had one
  // (a key is never taken back). That is an Add of a saved meeting with unsent edits, its write waiting for the send
  // (revision 0), in a form then closed without saving: the item's own copy lost it, this device's did not.
  return !a.syncKey && b.syncKey ? b : a;
};

export function createCustomPropertiesStateStore(
  mailbox: Office.Mailbox = Office.context.mailbox,
  options: { backup?: KeyValueStorage } = {},
): SyncStateStore {
  let loaded: { item: unknown; props: Office.CustomProperties } | undefined;
  const backup = options.backup;

  /** The saved item's id, or undefined for a meeting that was never saved (no backup for those: discard = gone). */
  const itemId = async (): Promise<string | undefined> => {
    const item = mailbox.item as (Office.AppointmentCompose & { itemId?: string }) | Office.AppointmentRead | null;
    if (!item) return undefined;
    if (typeof (item as Office.AppointmentRead).itemId === "string" && (item as Office.AppointmentRead).itemId) {
      return (item as Office.AppointmentRead).itemId;
    }
    const compose = item as Office.AppointmentCompose;
    if (typeof compose.getItemIdAsync !== "function") return undefined;
    return officeCall<string>("read the item id", (cb) => compose.getItemIdAsync(cb)).catch(() => undefined);
  };

  const readBackup = async (id: string | undefined): Promise<SyncState | null> => {
    if (!backup || !id) return null;
    try {
      return decodeState(await backup.getItem(BACKUP_PREFIX + id));
    } catch {
      return null;
    }
  };

  /** False only when a backup was due and the runtime's storage refused it (the index is bookkeeping only). */
  const writeBackup = async (id: string | undefined, encoded: string, state: SyncState): Promise<boolean> => {
    if (!backup || !id || !state.syncKey) return true;
    let kept = false;
    try {
      await backup.setItem(BACKUP_PREFIX + id, encoded);
      kept = true;
      const index = JSON.parse((await backup.getItem(BACKUP_INDEX)) ?? "[]") as unknown;
      const ids = (Array.isArray(index) ? index.filter((x): x is string => typeof x === "string") : []).filter(
        (x) => x !== id,
      );
      ids.push(id);
      while (ids.length > BACKUP_LIMIT) {
        const old = ids.shift();
        if (old) await backup.removeItem(BACKUP_PREFIX + old);
      }
      await backup.setItem(BACKUP_INDEX, JSON.stringify(ids));
    } catch {
      // The safety net failing never fails the save itself; the caller hears only whether the form alone holds it.
    }
    return kept;
  };

  const properties = async (): Promise<Office.CustomProperties> => {
    const item = requireApi(mailbox.item, "find the open meeting") as
      Office.AppointmentCompose | Office.AppointmentRead;
    if (loaded && loaded.item === item) return loaded.props;
    const props = await officeCall<Office.CustomProperties>("load the meeting's InterAction details", (cb) =>
      requireApi(item.loadCustomPropertiesAsync, "load custom properties").call(item, cb),
    );
    loaded = { item, props };
    return props;
  };

  return {
    async load() {
      const props = await properties();
      const own = decodeState(props.get(PROPERTY_NAME));
      return furtherAlong(own, await readBackup(await itemId()));
    },
    async save(state: SyncState) {
      const props = await properties();
      const all = (typeof props.getAll === "function" ? props.getAll() : {}) as Record<string, unknown>;
      // Other properties' names are any strings ("__proto__" too): a map without a prototype keeps each one counted.
      // Not Object.fromEntries: ES2019, absent in classic Outlook's engine.
      const others = emptyMap<unknown>();
      for (const k of Object.keys(all)) if (k !== PROPERTY_NAME) others[k] = all[k];
      const { encoded } = encodeWithinBudget(state, others);
      props.set(PROPERTY_NAME, encoded);
      const backedUp = await writeBackup(await itemId(), encoded, state);
      const saveOnce = () => officeCall<void>("save the meeting's InterAction details", (cb) => props.saveAsync(cb));
      // New Outlook fails the first save of a new draft's custom properties (office-js#6624, "Id is malformed"); the
      // same save again succeeds. Without the retry an "Add" on a new meeting is lost before it is sent.
      await saveOnce().catch(() => saveOnce());
      // Read mode saved to the server at once; a compose form keeps its properties only if the user sends or saves.
      const item = mailbox.item as { itemId?: unknown } | null;
      return { onlyInForm: !backedUp && !(item && typeof item.itemId === "string" && item.itemId) };
    },
  };
}
