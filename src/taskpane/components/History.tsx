// A short history of what was sent to InterAction for this meeting, when, and the result.
import * as React from "react";
import { formatDateTime } from "../format";
import { strings } from "../strings";
import { useSelector } from "./context";
import { useSectionStyles } from "./styles";

const SHOWN = 10;

export function History(): React.JSX.Element | null {
  const section = useSectionStyles();
  const history = useSelector((s) => s.meeting.view?.history);
  if (!history) return null;
  const recent = [...history].sort((a, b) => b.at.localeCompare(a.at)).slice(0, SHOWN);
  return (
    <section aria-labelledby="history-heading" className={section.section}>
      <h3 id="history-heading" className={section.heading}>
        {strings.history.heading}
      </h3>
      {recent.length === 0 ? (
        <span className={section.muted} data-testid="history">
          {strings.history.none}
        </span>
      ) : (
        <ol className={section.list} data-testid="history">
          {recent.map((h, i) => (
            <li key={`${h.at}:${i}`} data-testid="history-entry" data-result={h.result} data-action={h.action}>
              <time dateTime={h.at} className={section.muted}>
                {formatDateTime(h.at)}
              </time>{" "}
              {strings.history.action(h.action, h.revision, h.documentName)} — {strings.history.result[h.result]}
              {h.message ? <span className={section.muted}>: {h.message}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
