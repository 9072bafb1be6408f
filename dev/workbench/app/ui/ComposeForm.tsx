// The meeting form as organizer.
import React, { useEffect, useRef, useState } from "react";
import type { MeetingFields, Outlook } from "../outlook";
import { AddinGroup, Notifications } from "./AddinParts";
import { fromLocalInput, toLocalInput } from "./format";

export function ComposeForm({ outlook }: { outlook: Outlook }) {
  const form = outlook.form!;
  const d = form.draft;
  const [required, setRequired] = useState(d.required.map((a) => a.email).join("; "));
  const [optional, setOptional] = useState(d.optional.map((a) => a.email).join("; "));
  useEffect(() => {
    setRequired(d.required.map((a) => a.email).join("; "));
    setOptional(d.optional.map((a) => a.email).join("; "));
  }, [form.id, d.required, d.optional]);
  const list = (s: string) =>
    s
      .split(/[;,\s]+/)
      .map((x) => x.trim())
      .filter(Boolean);
  const edit = (fields: Partial<MeetingFields>) => void outlook.edit(fields).catch((e: Error) => alert(e.message));
  const busy = form.state === "sending";
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <section className="form" aria-label={form.itemId ? "Meeting" : "New meeting"}>
      <div className="ribbon" role="toolbar" aria-label="Meeting">
        <button
          className="primary"
          disabled={busy}
          onClick={() => void outlook.send().catch((e: Error) => alert(e.message))}
        >
          {d.isCancelled ? "Send cancellation" : d.sent ? "Send update" : "Send"}
        </button>
        <button disabled={busy} onClick={() => void outlook.save()}>
          Save
        </button>
        <button disabled={busy} onClick={() => outlook.discard()}>
          Discard
        </button>
        {d.sent && (
          <button disabled={busy} onClick={() => void outlook.cancelMeeting()}>
            Cancel meeting
          </button>
        )}
        <span className="ribbon-sep" />
        <AddinGroup outlook={outlook} />
        {busy && <span className="sending">Sending…</span>}
      </div>
      <Notifications outlook={outlook} />
      <div className="fields">
        <label>
          Title
          <input value={d.subject} placeholder="Add a title" onChange={(e) => edit({ subject: e.target.value })} />
        </label>
        <label>
          Required
          <input
            value={required}
            placeholder="Invite required attendees"
            onChange={(e) => setRequired(e.target.value)}
            onBlur={() => edit({ requiredAttendees: list(required) })}
          />
        </label>
        <label>
          Optional
          <input
            value={optional}
            placeholder="Invite optional attendees"
            onChange={(e) => setOptional(e.target.value)}
            onBlur={() => edit({ optionalAttendees: list(optional) })}
          />
        </label>
        <div className="row">
          <label>
            Start
            <input
              type="datetime-local"
              value={toLocalInput(d.start)}
              onChange={(e) => e.target.value && edit({ start: fromLocalInput(e.target.value) })}
            />
          </label>
          <label>
            End
            <input
              type="datetime-local"
              value={toLocalInput(d.end)}
              onChange={(e) => e.target.value && edit({ end: fromLocalInput(e.target.value) })}
            />
          </label>
          <label>
            Repeat
            <select
              value={d.recurrence ?? ""}
              onChange={(e) => edit({ recurrence: (e.target.value || null) as MeetingFields["recurrence"] })}
            >
              <option value="">Don&apos;t repeat</option>
              <option value="daily">Every day</option>
              <option value="weekly">Every week</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={d.isPrivate} onChange={(e) => edit({ isPrivate: e.target.checked })} />
            Private
          </label>
        </div>
        <label>
          Location
          <input value={d.location} placeholder="Add a location" onChange={(e) => edit({ location: e.target.value })} />
        </label>
        <div className="attachments">
          <span>Attachments</span>
          <ul>
            {d.attachments.map((a) => (
              <li key={a.id}>
                {a.name} <span className="muted">({Math.max(1, Math.round(a.size / 1024))} KB)</span>
                <button aria-label={`Remove ${a.name}`} onClick={() => void outlook.removeAttachment(a.id)}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <button onClick={() => fileInput.current?.click()}>Attach file</button>
          <input
            ref={fileInput}
            type="file"
            hidden
            aria-label="Attach file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              // FileReader encodes off the page's thread: a large file does not freeze Outlook or the pane.
              const dataUrl = await new Promise<string>((resolve, reject) => {
                const reader = new FileReader();
                reader.onload = () => resolve(String(reader.result));
                reader.onerror = () => reject(reader.error);
                reader.readAsDataURL(file);
              });
              const base64 = dataUrl.slice(dataUrl.indexOf(",") + 1);
              await outlook.addAttachment({ name: file.name, contentType: file.type, base64 });
              e.target.value = "";
            }}
          />
        </div>
        <label className="notes">
          Notes
          <textarea value={d.notes} rows={8} onChange={(e) => edit({ notes: e.target.value })} />
        </label>
      </div>
    </section>
  );
}
