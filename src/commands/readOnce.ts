// The item read once per event: the send handler reads it to tell a send from a cancellation, and runSync then gets
// the same snapshot instead of asking Outlook again (each read spends the send's budget).
import type { MailboxItem } from "../sync/ports";

/** A failed read is not remembered (runSync tries again and reports it). */
export function readOnce<I extends MailboxItem>(item: I): I {
  let snapshot: ReturnType<MailboxItem["read"]> | undefined;
  const read = () => {
    if (!snapshot) {
      const attempt = item.read();
      snapshot = attempt;
      attempt.catch(() => {
        if (snapshot === attempt) snapshot = undefined;
      });
    }
    return snapshot;
  };
  return Object.assign({}, item, { read });
}
