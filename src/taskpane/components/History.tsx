// A short history of what was sent to InterAction for this meeting, when, and the result: this device's own sends,
// and the firm's sync service's deliveries, which only InterAction's record knows (the service never writes to the
// mailbox). When the service wrote last, the section says so first ("kept in step by your firm's sync service").
import * as React from "react";
import { keptInStepByService, serviceDeliveries } from "../../core/keptInStep";
import { messages } from "../../core/messages";
import type { MeetingDelivery } from "../../core/record";
import type { HistoryEntry } from "../../sync/deps";
import { formatDateTime } from "../format";
import { strings } from "../strings";
import { useSelector } from "./context";
import { useSectionStyles } from "./styles";

const SHOWN = 10;

/** One line: this device's own send, or a delivery of the firm's sync service. */
type Line = { at: string; key: string } & (
  { local: HistoryEntry; service?: undefined } | { local?: undefined; service: MeetingDelivery }
);

export function History(): React.JSX.Element | null {
  const section = useSectionStyles();
  const history = useSelector((s) => s.meeting.view?.history);
  const record = useSelector((s) => s.meeting.view?.record);
  if (!history) return null;
  const lines: Line[] = [
    ...history.map((h, i): Line => ({ at: h.at, key: `${h.at}:${i}`, local: h })),
    ...serviceDeliveries(record).map((d): Line => ({ at: d.at, key: `service:${d.revision}:${d.at}`, service: d })),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, SHOWN);
  const byService = keptInStepByService(record);
  return (
    <section aria-labelledby="history-heading" className={section.section}>
      <h3 id="history-heading" className={section.heading}>
        {strings.history.heading}
      </h3>
      {byService ? (
        <p className={section.muted} data-testid="kept-in-step">
          {messages.keptInStep.byService(formatDateTime(byService) ?? byService)}
        </p>
      ) : null}
      {lines.length === 0 ? (
        <span className={section.muted} data-testid="history">
          {strings.history.none}
        </span>
      ) : (
        <ol className={section.list} data-testid="history">
          {lines.map((line) => (
            <li
              key={line.key}
              data-testid="history-entry"
              data-result={line.local ? line.local.result : "delivered"}
              data-action={line.local ? line.local.action : "service"}
            >
              <time dateTime={line.at} className={section.muted}>
                {formatDateTime(line.at)}
              </time>{" "}
              {line.local ? (
                <>
                  {strings.history.action(line.local.action, line.local.revision, line.local.documentName)} —{" "}
                  {strings.history.result[line.local.result]}
                  {line.local.message ? <span className={section.muted}>: {line.local.message}</span> : null}
                </>
              ) : line.service ? (
                messages.history.serviceDelivery(line.service.revision)
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
