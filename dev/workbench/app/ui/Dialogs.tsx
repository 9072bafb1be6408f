// Outlook's modal dialogs: Smart Alerts, and the invitation an outside organizer sends.
import React, { useState } from "react";
import { FIRM_USERS, personFor, type Outlook } from "../outlook";
import { fromLocalInput, toLocalInput } from "./format";

export function SmartAlertDialog({ outlook }: { outlook: Outlook }) {
  const alertState = outlook.smartAlert;
  if (!alertState) return null;
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="smart-alert-title"
        aria-describedby="smart-alert-text"
      >
        <h2 id="smart-alert-title">{outlook.manifest.displayName}</h2>
        <p id="smart-alert-text">{alertState.message}</p>
        <div className="modal-actions">
          {alertState.actions.includes("dontSend") && (
            <button className="primary" onClick={() => outlook.answerSmartAlert("dontSend")}>
              {alertState.cancelLabel ?? "Don't Send"}
            </button>
          )}
          {alertState.actions.includes("sendAnyway") && (
            <button onClick={() => outlook.answerSmartAlert("sendAnyway")}>Send Anyway</button>
          )}
        </div>
      </div>
    </div>
  );
}

export function InviteDialog({ outlook, onClose }: { outlook: Outlook; onClose: () => void }) {
  const now = outlook.now();
  const start = new Date(now);
  start.setDate(start.getDate() + 2);
  start.setHours(10, 0, 0, 0);
  const [from, setFrom] = useState("erin@globex.example");
  const [subject, setSubject] = useState("Globex introduction");
  const [when, setWhen] = useState(toLocalInput(start.toISOString()));
  const [to, setTo] = useState<string[]>([outlook.user.email]);
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="invite-title"
        onSubmit={(e) => {
          e.preventDefault();
          const s = fromLocalInput(when);
          void outlook.invite(personFor(from), to, {
            subject,
            start: s,
            end: new Date(Date.parse(s) + 3_600_000).toISOString(),
            location: "Teams",
          });
          onClose();
        }}
      >
        <h2 id="invite-title">An invitation from outside the firm</h2>
        <label>
          Organizer
          <input value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Title
          <input value={subject} onChange={(e) => setSubject(e.target.value)} />
        </label>
        <label>
          Start
          <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
        </label>
        <fieldset>
          <legend>Invite</legend>
          {FIRM_USERS.map((u) => (
            <label key={u.email} className="check">
              <input
                type="checkbox"
                checked={to.includes(u.email)}
                onChange={(e) => setTo(e.target.checked ? [...to, u.email] : to.filter((x) => x !== u.email))}
              />
              {u.name}
            </label>
          ))}
        </fieldset>
        <div className="modal-actions">
          <button type="submit" className="primary">
            Send invitation
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
