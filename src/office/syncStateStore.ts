// The item's SyncState in its custom properties (Outlook keeps them with the item and they follow it to every
// device; attendees never see them). Persistence rules, learned the hard way:
// - CustomProperties.saveAsync is the only save this adapter makes. In read mode (attendee) it writes to the server
//   at once. In compose mode (organizer) the properties travel with the item and are kept when Outlook itself
//   commits the item: on send (the send event's properties are part of what is sent) or when the user saves.
// - It never calls item.saveAsync: on an existing meeting that would send an update to the attendees, and on a new
//   one it would create a meeting the user may still discard. A state that is lost because the user discarded the
//   form is harmless: the next open reconciles, and every write carries an idempotency key.
// Nothing secret is ever stored here (the state has no token field; the codec writes only the state).
import type { SyncState } from "../core/syncState";
import type { SyncStateStore } from "../sync/ports";
import { officeCall, requireApi } from "./officeAsync";
import { decodeState, encodeWithinBudget, PROPERTY_NAME } from "./stateCodec";

export function createCustomPropertiesStateStore(mailbox: Office.Mailbox = Office.context.mailbox): SyncStateStore {
  let loaded: { item: unknown; props: Office.CustomProperties } | undefined;

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
      return decodeState(props.get(PROPERTY_NAME));
    },
    async save(state: SyncState) {
      const props = await properties();
      const all = (typeof props.getAll === "function" ? props.getAll() : {}) as Record<string, unknown>;
      const others = Object.fromEntries(Object.entries(all).filter(([k]) => k !== PROPERTY_NAME));
      const { encoded } = encodeWithinBudget(state, others);
      props.set(PROPERTY_NAME, encoded);
      await officeCall<void>("save the meeting's InterAction details", (cb) => props.saveAsync(cb));
    },
  };
}
