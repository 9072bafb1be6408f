// The signed-in user's calendar: a week view (overlapping meetings side by side) and the meetings outside it.
import React, { useRef, useState } from "react";
import type { CalendarItem, Outlook } from "../outlook";
import { fmtDateTime, fmtTime, pad } from "./format";

export function startOfWeek(d: Date) {
  const s = new Date(d);
  s.setHours(0, 0, 0, 0);
  s.setDate(s.getDate() - ((s.getDay() + 6) % 7));
  return s;
}

export function Calendar({ outlook, onInvite }: { outlook: Outlook; onInvite: () => void }) {
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
              <div
                key={d.toISOString()}
                className="day-col"
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  // A drag-and-drop move: the item keeps its length and snaps to a quarter hour.
                  e.preventDefault();
                  const item = items.find((m) => m.itemId === e.dataTransfer.getData("text/x-workbench-item"));
                  if (!item) return;
                  const y = e.clientY - e.currentTarget.getBoundingClientRect().top;
                  const minutes = Math.max(0, Math.round(((y / hourHeight) * 60) / 15) * 15);
                  const start = new Date(dayStart.getTime() + minutes * 60_000);
                  const length = Date.parse(item.end) - Date.parse(item.start);
                  const end = new Date(start.getTime() + length);
                  void outlook
                    .drag(item.itemId, { start: start.toISOString(), end: end.toISOString() })
                    .catch((err: Error) => alert(err.message));
                }}
              >
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
export function layoutColumns(items: CalendarItem[]) {
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

export function EventChip({
  item,
  outlook,
  style,
}: {
  item: CalendarItem;
  outlook: Outlook;
  style: React.CSSProperties;
}) {
  const response = item.isOrganizer ? "" : item.myResponse === "none" ? " (not responded)" : ` (${item.myResponse})`;
  return (
    <button
      className={`event${item.isCancelled ? " cancelled" : ""}${!item.isOrganizer && item.myResponse === "none" ? " tentative-look" : ""}`}
      style={style}
      draggable={!item.isCancelled}
      onDragStart={(e) => e.dataTransfer.setData("text/x-workbench-item", item.itemId)}
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
