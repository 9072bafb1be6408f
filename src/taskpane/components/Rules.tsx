// Why the firm's rules add this meeting on send, or why they don't.
import * as React from "react";
import { messages } from "../../core/messages";
import { strings } from "../strings";
import { useSelector } from "./context";
import { useSectionStyles } from "./styles";

export function Rules(): React.JSX.Element | null {
  const section = useSectionStyles();
  const view = useSelector((s) => s.meeting.view);
  const outcome = useSelector((s) => s.meeting.lastOutcome);
  const unreachable = useSelector((s) => s.meeting.unreachable);
  const addedBecause = view?.state.autoAddedBecause;
  // Once the rules added the meeting, that reason is the answer; today's decision would only repeat it.
  const decision = addedBecause ? undefined : (view?.autoAdd ?? outcome?.autoAdd);
  // The rules apply to the organizer's meeting not added yet; "don't add" would be untrue when they could not be
  // asked (no firm settings, or the attendee lookup failed).
  const open = view && !view.record && view.state.revision === 0 && view.snapshot.role === "organizer";
  const unchecked =
    open && ((!decision && !view.settings && unreachable) || decision?.explanation === messages.autoAdd.unchecked);
  if (!view || (!decision && !addedBecause && !unchecked)) return null;
  if (unchecked) {
    return (
      <section aria-labelledby="rules-heading" className={section.section} data-testid="rules">
        <h3 id="rules-heading" className={section.heading}>
          {strings.rules.heading}
        </h3>
        <span data-testid="rules-decision" data-add="unknown">
          {strings.rules.unchecked}
        </span>
        <span className={section.muted} data-testid="rules-explanation">
          {strings.rules.uncheckedWhy}
        </span>
      </section>
    );
  }
  return (
    <section aria-labelledby="rules-heading" className={section.section} data-testid="rules">
      <h3 id="rules-heading" className={section.heading}>
        {strings.rules.heading}
      </h3>
      {addedBecause ? <span data-testid="rules-added-because">{strings.rules.addedBecause(addedBecause)}</span> : null}
      {decision ? (
        <span data-testid="rules-decision" data-add={decision.add}>
          {decision.add ? strings.rules.added : strings.rules.notAdded}
        </span>
      ) : null}
      {decision && decision.matches.length > 0 ? (
        // The matching attendees are the reason; the core's one-line explanation would say the same again.
        <ul className={section.list} data-testid="rules-matches">
          {decision.matches.map((m) => (
            <li key={`${m.email}:${m.contactTypeName}`} className={section.muted}>
              {strings.rules.match(m.email, m.contactName, m.companyName, m.contactTypeName)}
            </li>
          ))}
        </ul>
      ) : decision ? (
        <span className={section.muted} data-testid="rules-explanation">
          {decision.explanation}
        </span>
      ) : null}
    </section>
  );
}
