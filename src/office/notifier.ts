// Status on the item itself: Outlook's notification bar (item.notificationMessages). One message per notice key, so a
// newer notice replaces the older one; at most 150 characters (Outlook's limit); never a token or a raw error dump.
import type { Notice } from "../core/notice";
import type { Notifier } from "../sync/ports";
import { officeCall, requireApi } from "./officeAsync";

export const MAX_NOTIFICATION_LENGTH = 150;
/** The icon resource id in manifest.xml used for informational messages. */
export const NOTIFICATION_ICON = "Icon.16";

export const fitNotification = (text: string): string => {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= MAX_NOTIFICATION_LENGTH
    ? clean
    : `${clean.slice(0, MAX_NOTIFICATION_LENGTH - 1).replace(/\s+$/, "")}…`;
};

/** Outlook's message key: stable per topic and per add-in. */
export const notificationKey = (key: Notice["key"]): string => `interaction-${key}`;

export function createItemNotifier(mailbox: Office.Mailbox = Office.context.mailbox): Notifier {
  const messages = () =>
    requireApi(
      (mailbox.item as Office.AppointmentCompose | Office.AppointmentRead | null | undefined)?.notificationMessages,
      "show a notification",
    );
  return {
    async show(notice: Notice) {
      const details: Office.NotificationMessageDetails =
        notice.kind === "error"
          ? {
              type: "errorMessage" as Office.MailboxEnums.ItemNotificationMessageType,
              message: fitNotification(notice.message),
            }
          : {
              type: "informationalMessage" as Office.MailboxEnums.ItemNotificationMessageType,
              message: fitNotification(notice.message),
              icon: NOTIFICATION_ICON,
              // Warnings (will retry, why not eligible) stay until dismissed; success and info go with the item.
              persistent: notice.kind === "warning",
            };
      const target = messages();
      await officeCall<void>("show a notification", (cb) =>
        target.replaceAsync(notificationKey(notice.key), details, cb),
      );
    },
    async clear(key: Notice["key"]) {
      const target = messages();
      await officeCall<void>("clear a notification", (cb) => target.removeAsync(notificationKey(key), cb)).catch(
        (e) => {
          // Removing a message that is not there is not a failure.
          if (!/KeyNotFound|9000|not ?found/i.test(`${(e as { code?: string }).code} ${(e as Error).message}`)) throw e;
        },
      );
    },
  };
}
