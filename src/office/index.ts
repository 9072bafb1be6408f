// The Office.js adapters: the open item, its sync state, its notifications, and the runtime's storage.
//
// The exact Office.js subset the add-in calls (a simulated host, e.g. the workbench, implements this much):
// - Office.context.mailbox.item (null/undefined = no open item), .userProfile.emailAddress / .displayName
// - compose (organizer) item: subject, start, end, location, organizer, requiredAttendees, optionalAttendees,
//   recurrence, sensitivity (1.14: "Normal" | "Personal" | "Private" | "Confidential") — each .getAsync(cb);
//   body.getAsync("text", cb); getAttachmentsAsync(cb) (AttachmentDetailsCompose: id, name, size, attachmentType,
//   isInline); getItemIdAsync(cb) (fails while the item was never saved: that is how "new" is told);
//   getAttachmentContentAsync(id, cb) ({ content, format: "base64" | "url" | "eml" | "iCalendar" })
// - read (attendee) item: itemId, subject, start, end (Date), location, organizer, requiredAttendees,
//   optionalAttendees (EmailAddressDetails with appointmentResponse), attachments (AttachmentDetails with
//   contentType), recurrence (object or null), seriesId, sensitivity; body.getAsync("text", cb);
//   getAttachmentContentAsync(id, cb)
// - both: loadCustomPropertiesAsync(cb) -> CustomProperties get / set / getAll / saveAsync(cb) (never item.saveAsync);
//   notificationMessages.replaceAsync(key, details, cb) and removeAsync(key, cb) (a missing key fails with a
//   "...KeyNotFound" error, which is tolerated)
// - AsyncResult: status "succeeded" | "failed" (compared as strings), error { name, code, message }
// - a cancellation is recognised only by the subject prefix classic Outlook gives it ("Canceled: ...", localized;
//   mailboxItem.ts CANCELLED_PREFIX): Office.js has no cancellation flag
// - commands bundle: Office.actions.associate(name, fn); event.completed() / event.completed({ allowEvent: true })
// - OfficeRuntime.storage getItem / setItem / removeItem where present (else localStorage)
// - naa mode only: Office.context.requirements.isSetSupported("NestedAppAuth", "1.1"),
//   Office.context.ui.displayDialogAsync + messageParent (dialog fallback)
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
