// The people of the workbench's world: the firm's users (each with a mailbox) and a few known outside contacts.
import type { Recipient } from "../../shared/bridge";

export const FIRM_DOMAIN = "firm.example";
export const FIRM_USERS: Recipient[] = [
  { email: "alice@firm.example", name: "Alice Archer" },
  { email: "bob@firm.example", name: "Bob Baker" },
  { email: "dana@firm.example", name: "Dana Diaz" },
];
const KNOWN_PEOPLE: Record<string, string> = {
  "carol@acme.example": "Carol Chen",
  "dave@acme.example": "Dave Dawson",
  "grace@acme.example": "Grace Green",
  "ivan@globex.example": "Ivan Ivanov",
  "erin@globex.example": "Erin Evans",
};

export function personFor(email: string): Recipient {
  const e = email.trim().toLowerCase();
  const firm = FIRM_USERS.find((u) => u.email === e);
  if (firm) return firm;
  if (KNOWN_PEOPLE[e]) return { email: e, name: KNOWN_PEOPLE[e] };
  const local = e.split("@")[0] ?? e;
  return { email: e, name: local.charAt(0).toUpperCase() + local.slice(1) };
}

export const isFirmUser = (email: string) => FIRM_USERS.some((u) => u.email === email.toLowerCase());
