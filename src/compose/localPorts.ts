// The ports the task pane's first status reads (its "local" chunk): the open item, its custom-property sync state,
// and this device's outbox and settings cache in the runtime's storage. No configuration, sign-in or InterAction
// client, so the chunk stays small. The adapter modules themselves, not the "../office" index: the index also brings
// the item notifier, which only the runtime chunk needs, into the chunk this one shares with it.
import { createOfficeMailboxItem } from "../office/mailboxItem";
import { createRuntimeStorage } from "../office/storage";
import { createCustomPropertiesStateStore } from "../office/syncStateStore";
import type { KeyValueStorage, MailboxItem, OutboxStore, SyncStateStore } from "../sync/ports";
import { createStorageOutbox } from "../sync/storageOutbox";

export interface LocalPorts {
  item: MailboxItem;
  stateStore: SyncStateStore;
  outbox: OutboxStore;
  storage: KeyValueStorage;
}

export function createLocalPorts(office: typeof Office): LocalPorts {
  const mailbox = office.context.mailbox;
  const { storage } = createRuntimeStorage();
  return {
    item: createOfficeMailboxItem(mailbox),
    stateStore: createCustomPropertiesStateStore(mailbox, { backup: storage }),
    outbox: createStorageOutbox(storage),
    storage,
  };
}
