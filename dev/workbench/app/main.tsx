// The workbench page: a simulated Outlook (calendar, meeting form, read surface, ribbon, task pane, Smart Alerts)
// around the real built add-in, plus window.workbench, the same actions for scripts and tests.
import React, { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { parseManifest } from "./manifest";
import { FIRM_USERS, Outlook, personFor, type CalendarItem, type MeetingFields } from "./outlook";
import { createWorkbenchApi } from "./scripting";

declare global {
  interface Window {
    workbench?: ReturnType<typeof createWorkbenchApi>;
  }
}

const pad = (n: number) => String(n).padStart(2, "0");
/** ISO instant -> value of an <input type="datetime-local"> in the browser's time zone. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocalInput = (value: string) => new Date(value).toISOString();
const fmtTime = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
const fmtDateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });

function useOutlook(outlook: Outlook) {
  const [, setTick] = useState(0);
  useEffect(() => outlook.subscribe(() => setTick((t) => t + 1)), [outlook]);
  return outlook;
}

function useNow(outlook: Outlook) {
  return useSyncExternalStore(
    (cb) => {
      const t = setInterval(cb, 1000);
      return () => clearInterval(t);
    },
    () => Math.floor(outlook.now().getTime() / 1000),
  );
}

// ------------------------------------------------------------------------------------------------------ header
function Header({ outlook }: { outlook: Outlook }) {
  const nowSeconds = useNow(outlook);
  const now = new Date(nowSeconds * 1000);
  const [clock, setClock] = useState("");
  const [error, setError] = useState("");
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          O
        </span>
        Outlook <span className="brand-sub">workbench</span>
      </div>
      <label className="topbar-field">
        Signed in as
        <select
          value={outlook.user.email}
          onChange={(e) => {
            outlook.signIn(e.target.value);
          }}
        >
          {FIRM_USERS.map((u) => (
            <option key={u.email} value={u.email}>
              {u.name} ({u.email})
            </option>
          ))}
        </select>
      </label>
      <form
        className="topbar-field clock"
        onSubmit={(e) => {
          e.preventDefault();
          if (!clock) return;
          outlook.setNow(fromLocalInput(clock)).then(
            () => setError(""),
            (err: Error) => setError(err.message),
          );
        }}
      >
        <span>
          <time dateTime={now.toISOString()}>{fmtDateTime(now.toISOString())}</time>
        </span>
        <label className="sr-only" htmlFor="wb-clock">
          Move the clock to
        </label>
        <input id="wb-clock" type="datetime-local" value={clock} onChange={(e) => setClock(e.target.value)} />
        <button type="submit">Set clock</button>
        {error && <span role="alert">{error}</span>}
      </form>
      <label className="topbar-field">
        Theme
        <select value={outlook.theme} onChange={(e) => outlook.setTheme(e.target.value as "light" | "dark")}>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <a className="topbar-link" href={outlook.sandboxUrl} target="_blank" rel="noreferrer">
        InterAction web view ↗
      </a>
    </header>
  );
}

// ---------------------------------------------------------------------------------------------------- calendar
function startOfWeek(d: Date) {
  const s = new Date(d);
  s.setHours(0, 0, 0, 0);
  s.setDate(s.getDate() - ((s.getDay() + 6) % 7));
  return s;
}

function Calendar({ outlook, onInvite }: { outlook: Outlook; onInvite: () => void }) {
  const [weekOffset, setWeekOffset] = useState(0);
  const base = startOfWeek(outlook.now());
  base.setDate(base.getDate() + weekOffset * 7);
  const days = Array.from({ length: 7 }, (_, i) => {
    const d = new Date(base);
    d.setDate(d.getDate() + i);
    return d;
  });
  const items = outlook.calendar();
  const firstHour = 7;
  const lastHour = 21;
  const hourHeight = 44;
  const gridRef = useRef<HTMLDivElement>(null);
  const weekEnd = new Date(base);
  weekEnd.setDate(weekEnd.getDate() + 7);
  const outside = items.filter((m) => Date.parse(m.end) <= base.getTime() || Date.parse(m.start) >= weekEnd.getTime());
  return (
    <section className="calendar" aria-label="Calendar">
      <div className="calendar-toolbar">
        <button className="primary" onClick={() => void outlook.newMeeting({})}>
          New meeting
        </button>
        <button onClick={onInvite}>Receive an invitation from outside…</button>
        <span className="spacer" />
        <button onClick={() => setWeekOffset(0)}>Today</button>
        <button aria-label="Previous week" onClick={() => setWeekOffset((w) => w - 1)}>
          ‹
        </button>
        <button aria-label="Next week" onClick={() => setWeekOffset((w) => w + 1)}>
          ›
        </button>
        <h2>
          {days[0]!.toLocaleDateString(undefined, { month: "long", day: "numeric" })} –{" "}
          {days[6]!.toLocaleDateString(undefined, { month: "long", day: "numeric", year: "numeric" })}
        </h2>
      </div>
      <div className="week" ref={gridRef}>
        <div className="week-head">
          <div className="hour-gutter" />
          {days.map((d) => {
            const today = d.toDateString() === outlook.now().toDateString();
            return (
              <div key={d.toISOString()} className={`day-head${today ? " today" : ""}`}>
                <span className="dow">{d.toLocaleDateString(undefined, { weekday: "short" })}</span>
                <span className="dom">{d.getDate()}</span>
              </div>
            );
          })}
        </div>
        <div className="week-body" style={{ height: (lastHour - firstHour) * hourHeight }}>
          <div className="hour-gutter">
            {Array.from({ length: lastHour - firstHour }, (_, i) => (
              <div key={i} className="hour-label" style={{ height: hourHeight }}>
                {pad(firstHour + i)}:00
              </div>
            ))}
          </div>
          {days.map((d) => {
            const dayStart = new Date(d);
            dayStart.setHours(firstHour, 0, 0, 0);
            const dayEnd = new Date(d);
            dayEnd.setHours(lastHour, 0, 0, 0);
            const dayItems = items.filter(
              (m) => Date.parse(m.start) < dayEnd.getTime() && Date.parse(m.end) > dayStart.getTime(),
            );
            return (
              <div key={d.toISOString()} className="day-col">
                {Array.from({ length: lastHour - firstHour }, (_, i) => (
                  <div key={i} className="hour-cell" style={{ height: hourHeight }} />
                ))}
                {layoutColumns(dayItems).map(({ item: m, column, columns }) => {
                  const top = Math.max(0, (Date.parse(m.start) - dayStart.getTime()) / 3_600_000) * hourHeight;
                  const bottom =
                    Math.min(lastHour - firstHour, (Date.parse(m.end) - dayStart.getTime()) / 3_600_000) * hourHeight;
                  const width = 100 / columns;
                  return (
                    <EventChip
                      key={m.itemId}
                      item={m}
                      outlook={outlook}
                      style={{
                        top,
                        height: Math.max(22, bottom - top - 2),
                        left: `calc(${column * width}% + 2px)`,
                        width: `calc(${width}% - 4px)`,
                        right: "auto",
                      }}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {outside.length > 0 && (
        <div className="agenda">
          <h3>Other meetings</h3>
          <ul>
            {outside.map((m) => (
              <li key={m.itemId}>
                <button className="link" onClick={() => void outlook.open(m.itemId)}>
                  {fmtDateTime(m.start)} · {m.subject || "(No title)"}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Overlapping meetings share the day's width side by side, as in Outlook's calendar. */
function layoutColumns(items: CalendarItem[]) {
  const sorted = [...items].sort((a, b) => a.start.localeCompare(b.start) || b.end.localeCompare(a.end));
  const placed: { item: CalendarItem; column: number; columns: number }[] = [];
  let cluster: typeof placed = [];
  let clusterEnd = 0;
  const closeCluster = () => {
    const columns = Math.max(1, ...cluster.map((p) => p.column + 1));
    for (const p of cluster) p.columns = columns;
    cluster = [];
  };
  for (const item of sorted) {
    const start = Date.parse(item.start);
    if (cluster.length && start >= clusterEnd) closeCluster();
    const used = new Set(cluster.filter((p) => Date.parse(p.item.end) > start).map((p) => p.column));
    let column = 0;
    while (used.has(column)) column++;
    const entry = { item, column, columns: 1 };
    cluster.push(entry);
    placed.push(entry);
    clusterEnd = Math.max(clusterEnd, Date.parse(item.end));
  }
  closeCluster();
  return placed;
}

function EventChip({ item, outlook, style }: { item: CalendarItem; outlook: Outlook; style: React.CSSProperties }) {
  const response = item.isOrganizer ? "" : item.myResponse === "none" ? " (not responded)" : ` (${item.myResponse})`;
  return (
    <button
      className={`event${item.isCancelled ? " cancelled" : ""}${!item.isOrganizer && item.myResponse === "none" ? " tentative-look" : ""}`}
      style={style}
      onClick={() => void outlook.open(item.itemId)}
      title={`${item.subject}${response}`}
    >
      <span className="event-title">
        {item.isPrivate ? "[Private] " : ""}
        {item.recurrence ? "↻ " : ""}
        {item.subject || "(No title)"}
      </span>
      <span className="event-meta">
        {fmtTime(item.start)}–{fmtTime(item.end)}
        {item.location ? ` · ${item.location}` : ""}
        {response}
      </span>
    </button>
  );
}

// ------------------------------------------------------------------------------------------------------ ribbon
function AddinGroup({ outlook }: { outlook: Outlook }) {
  return (
    <>
      {outlook.ribbonGroups().map((g) => (
        <div key={g.id} className="ribbon-group" role="group" aria-label={g.label}>
          {g.buttons.map((b) => (
            <button
              key={b.id}
              title={b.tip}
              onClick={() => void outlook.clickRibbon(b.label).catch((e: Error) => alert(e.message))}
            >
              {b.icon && <img src={b.icon} alt="" width={16} height={16} />}
              {b.label}
            </button>
          ))}
          <span className="ribbon-group-label">{g.label}</span>
        </div>
      ))}
    </>
  );
}

function Notifications({ outlook }: { outlook: Outlook }) {
  const list = outlook.form?.notifications ?? [];
  if (list.length === 0) return null;
  return (
    <ul className="infobar" aria-label="Notifications">
      {list.map((n) => (
        <li key={n.key} className={`infobar-item ${n.type}`}>
          <span className="infobar-icon" aria-hidden="true">
            {n.type === "errorMessage" ? "!" : n.type === "progressIndicator" ? "…" : "i"}
          </span>
          <span className="infobar-source">{outlook.manifest.displayName}:</span> {n.message}
        </li>
      ))}
    </ul>
  );
}

// --------------------------------------------------------------------------------------------- compose form
function ComposeForm({ outlook }: { outlook: Outlook }) {
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
        <button disabled={busy} onClick={() => outlook.save()}>
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

// ------------------------------------------------------------------------------------------------ read surface
function ReadSurface({ outlook }: { outlook: Outlook }) {
  const form = outlook.form!;
  const d = form.draft;
  const canRespond = !d.isOrganizer && !d.isCancelled;
  return (
    <section className="form read" aria-label="Meeting">
      <div className="ribbon" role="toolbar" aria-label="Meeting">
        {canRespond && (
          <>
            <button className={d.myResponse === "accepted" ? "primary" : ""} onClick={() => outlook.respond("accept")}>
              ✓ Accept
            </button>
            <button
              className={d.myResponse === "tentative" ? "primary" : ""}
              onClick={() => outlook.respond("tentative")}
            >
              ? Tentative
            </button>
            <button className={d.myResponse === "declined" ? "primary" : ""} onClick={() => outlook.respond("decline")}>
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

// ---------------------------------------------------------------------------------------- task pane + runtimes
/** Called with the task pane's iframe once its document loaded. */
type PaneLoaded = ReturnType<typeof createWorkbenchApi>["watchPane"];
function TaskPane({ outlook, onLoad }: { outlook: Outlook; onLoad: PaneLoaded }) {
  const pane = outlook.pane;
  if (!pane) return null;
  return (
    <aside className="taskpane" aria-label={`${outlook.manifest.displayName} task pane`}>
      <div className="taskpane-head">
        <span>{outlook.manifest.displayName}</span>
        <button aria-label="Close task pane" onClick={() => outlook.closeTaskPane()}>
          ✕
        </button>
      </div>
      <iframe
        key={pane.nonce}
        data-wb-frame={`pane-${pane.nonce}`}
        data-wb-pane="true"
        title={`${outlook.manifest.displayName} task pane`}
        src={pane.url}
        onLoad={(e) => onLoad(e.currentTarget)}
      />
    </aside>
  );
}

function Runtimes({ outlook }: { outlook: Outlook }) {
  return (
    <div className="runtimes" aria-hidden="true">
      {outlook.commandFrames.map((f) => (
        <iframe key={`${f.id}:${f.attempt}`} data-wb-frame={f.id} src={f.url} title="Add-in runtime" tabIndex={-1} />
      ))}
    </div>
  );
}

function SmartAlertDialog({ outlook }: { outlook: Outlook }) {
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

function InviteDialog({ outlook, onClose }: { outlook: Outlook; onClose: () => void }) {
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
          outlook.invite(personFor(from), to, {
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

function App({ outlook, onPaneLoad }: { outlook: Outlook; onPaneLoad: PaneLoaded }) {
  useOutlook(outlook);
  const [inviting, setInviting] = useState(false);
  return (
    <div className={`app theme-${outlook.theme}`}>
      <Header outlook={outlook} />
      <div className="main">
        <main className="content">
          {outlook.form ? (
            outlook.form.mode === "compose" ? (
              <ComposeForm outlook={outlook} />
            ) : (
              <ReadSurface outlook={outlook} />
            )
          ) : (
            <Calendar outlook={outlook} onInvite={() => setInviting(true)} />
          )}
        </main>
        <TaskPane outlook={outlook} onLoad={onPaneLoad} />
      </div>
      <footer className="statusbar" role="status">
        {outlook.statusLine}
      </footer>
      <Runtimes outlook={outlook} />
      <SmartAlertDialog outlook={outlook} />
      {inviting && <InviteDialog outlook={outlook} onClose={() => setInviting(false)} />}
    </div>
  );
}

async function boot() {
  const config = (await (await fetch("/__workbench/config.json")).json()) as {
    sandboxUrl: string;
    manifestUrl: string;
  };
  const xml = await (await fetch(config.manifestUrl)).text();
  const manifest = parseManifest(xml, location.origin);
  const outlook = new Outlook(manifest, config.sandboxUrl);
  window.__workbenchBridge = outlook;
  await outlook.loadClock().catch((e: Error) => console.error("[workbench] could not read the sandbox clock", e));
  const api = createWorkbenchApi(outlook);
  window.workbench = api;
  createRoot(document.getElementById("root")!).render(<App outlook={outlook} onPaneLoad={api.watchPane} />);
  document.documentElement.dataset.workbenchReady = "true";
}

boot().catch((e: Error) => {
  document.getElementById("root")!.textContent = `The workbench could not start: ${e.message}`;
  console.error(e);
});
