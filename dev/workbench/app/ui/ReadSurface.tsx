// The read surface of a meeting (an attendee's invitation, or a cancelled meeting).
import React from "react";
import type { Outlook } from "../outlook";
import { AddinGroup, Notifications } from "./AddinParts";
import { fmtDateTime, fmtTime } from "./format";

export function ReadSurface({ outlook }: { outlook: Outlook }) {
  const form = outlook.form!;
  const d = form.draft;
  const canRespond = !d.isOrganizer && !d.isCancelled;
  return (
    <section className="form read" aria-label="Meeting">
      <div className="ribbon" role="toolbar" aria-label="Meeting">
        {canRespond && (
          <>
            <button
              className={d.myResponse === "accepted" ? "primary" : ""}
              onClick={() => void outlook.respond("accept")}
            >
              ✓ Accept
            </button>
            <button
              className={d.myResponse === "tentative" ? "primary" : ""}
              onClick={() => void outlook.respond("tentative")}
            >
              ? Tentative
            </button>
            <button
              className={d.myResponse === "declined" ? "primary" : ""}
              onClick={() => void outlook.respond("decline")}
            >
              ✕ Decline
            </button>
          </>
        )}
        <button onClick={() => outlook.closeForm()}>Close</button>
        <span className="ribbon-sep" />
        <AddinGroup outlook={outlook} />
      </div>
      <Notifications outlook={outlook} />
      <div className="read-body">
        <h2>
          {d.isPrivate ? "[Private] " : ""}
          {d.subject || "(No title)"}
        </h2>
        <p>
          {fmtDateTime(d.start)} – {fmtTime(d.end)}
          {d.recurrence ? ` · repeats ${d.recurrence}` : ""}
        </p>
        {d.location && <p>Location: {d.location}</p>}
        <p>
          Organizer: <strong>{d.organizer.name}</strong> &lt;{d.organizer.email}&gt;
        </p>
        {canRespond && (
          <p className="response">Your response: {d.myResponse === "none" ? "not responded yet" : d.myResponse}</p>
        )}
        <h3>Attendees</h3>
        <ul>
          {[...d.required, ...d.optional].map((a) => (
            <li key={a.email}>
              {a.name} &lt;{a.email}&gt; — {a.response === "none" ? "no response" : a.response}
              {d.optional.includes(a) ? " (optional)" : ""}
            </li>
          ))}
        </ul>
        {d.attachments.length > 0 && (
          <>
            <h3>Attachments</h3>
            <ul>
              {d.attachments.map((a) => (
                <li key={a.id}>{a.name}</li>
              ))}
            </ul>
          </>
        )}
        <h3>Notes</h3>
        <p className="notes-text">{d.notes || "—"}</p>
      </div>
    </section>
  );
}
