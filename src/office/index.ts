// The Office.js adapters: the open item, its sync state, its notifications, and the runtime's storage.
export { createOfficeMailboxItem, contentTypeOf, type OfficeMailboxItem } from "./mailboxItem";
export { createCustomPropertiesStateStore } from "./syncStateStore";
export { createItemNotifier, fitNotification, notificationKey } from "./notifier";
export { createRuntimeStorage, memoryStorage, fromWebStorage, fromOfficeRuntimeStorage } from "./storage";
export { OfficeApiError, isOfficeApiError, officeCall } from "./officeAsync";
export {
  encodeState,
  decodeState,
  encodeWithinBudget,
  CustomPropertiesBudgetError,
  CUSTOM_PROPERTIES_BUDGET,
} from "./stateCodec";
