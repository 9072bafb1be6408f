// item.notificationMessages with Outlook's rules: keys of at most 32 characters, unique; messages of at most 150
// characters; at most 5 per item; informational messages need `icon` and `persistent`.
import { OfficeErrors, OfficeFailure, type NotificationData } from "../../shared/bridge";
import type { NotificationLogEntry } from "./model";

export type NotificationOp = "add" | "replace" | "remove" | "getAll";

/** Applies one notificationMessages call to the item's list; answers what was logged (nothing for getAll). */
export function applyNotification(
  list: NotificationData[],
  op: NotificationOp,
  key: string | undefined,
  d: Omit<NotificationData, "key"> | undefined,
): Omit<NotificationLogEntry, "at" | "itemId" | "subject"> | null {
  if (op === "getAll") return null;
  if (!key) throw OfficeErrors.invalidParameter("key");
  if (key.length > 32) throw OfficeErrors.tooLong("key", 32);
  const existing = list.findIndex((n) => n.key === key);
  if (op === "remove") {
    if (existing < 0) throw OfficeErrors.notificationKeyNotFound();
    list.splice(existing, 1);
    return { op, key };
  }
  if (!d || !d.type) throw OfficeErrors.invalidParameter("type");
  if (!d.message) throw new OfficeFailure(9031, "InvalidParameterValueError", "The 'message' parameter is mandatory.");
  if (d.message.length > 150) throw OfficeErrors.tooLong("message", 150);
  if (d.type === "informationalMessage" && (!d.icon || typeof d.persistent !== "boolean")) {
    throw new OfficeFailure(
      9031,
      "InvalidParameterValueError",
      "An informational message needs 'icon' and 'persistent'.",
    );
  }
  const entry: NotificationData = { key, type: d.type, message: d.message, icon: d.icon, persistent: d.persistent };
  if (op === "add") {
    if (existing >= 0) throw OfficeErrors.duplicateNotificationKey();
    if (list.length >= 5) throw OfficeErrors.tooManyNotifications();
    list.push(entry);
  } else if (existing >= 0) list[existing] = entry;
  else {
    if (list.length >= 5) throw OfficeErrors.tooManyNotifications();
    list.push(entry);
  }
  return { op, key, type: d.type, message: d.message };
}
