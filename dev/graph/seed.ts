// The firm's mailboxes (the same people as the sandbox's demo seed and the workbench) and two resource mailboxes.
// Stable ids, so a kept database and tests can address users by id as well as by e-mail.
import type { Mailbox, Store } from "./store";

export const FIRM_MAILBOXES: readonly Mailbox[] = [
  { id: "a11ce000-0000-4000-8000-0000000a11ce", email: "alice@firm.example", name: "Alice Archer", kind: "user" },
  { id: "b0b00000-0000-4000-8000-000000000b0b", email: "bob@firm.example", name: "Bob Baker", kind: "user" },
  { id: "da1a0000-0000-4000-8000-000000000da1", email: "dana@firm.example", name: "Dana Diaz", kind: "user" },
  { id: "b0a2d000-0000-4000-8000-00000000b0a2", email: "boardroom@firm.example", name: "Boardroom", kind: "room" },
  { id: "9e0c0000-0000-4000-8000-000000009e0c", email: "projector@firm.example", name: "Projector", kind: "equipment" },
];

/** People outside the firm the demo knows by name (no mailbox here). */
const KNOWN_PEOPLE: Record<string, string> = {
  "carol@acme.example": "Carol Chen",
  "dave@acme.example": "Dave Dawson",
  "grace@acme.example": "Grace Green",
  "ivan@globex.example": "Ivan Ivanov",
  "erin@globex.example": "Erin Evans",
};

export function seedMailboxes(store: Store): void {
  store.transaction(() => {
    for (const m of FIRM_MAILBOXES) if (!store.mailbox(m.id)) store.addMailbox(m);
  });
}

/** A display name for an address: the mailbox's, a known person's, or the local part capitalised. */
export function nameFor(store: Store, email: string): string {
  const e = email.trim().toLowerCase();
  const m = store.mailbox(e);
  if (m) return m.name;
  if (KNOWN_PEOPLE[e]) return KNOWN_PEOPLE[e];
  const local = e.split("@")[0] ?? e;
  return local.charAt(0).toUpperCase() + local.slice(1);
}
