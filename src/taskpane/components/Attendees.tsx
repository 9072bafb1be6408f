// The meeting's attendees as InterAction knows them: contacts and their companies, colleagues, and the people
// InterAction doesn't know yet — each of whom can be added as a contact.
import * as React from "react";
import { Badge, Button } from "@fluentui/react-components";
import { attendeeRows, type AttendeeRow } from "../derive";
import { strings } from "../strings";
import { useController, useSelector } from "./context";
import { useSectionStyles } from "./styles";

function Row({ row }: { row: AttendeeRow }): React.JSX.Element {
  const section = useSectionStyles();
  const controller = useController();
  const contact = useSelector((s) => s.meeting.contacts.get(row.email));
  return (
    <li className={section.row} data-testid="attendee" data-email={row.email} data-kind={row.kind}>
      <span className={section.grow}>
        {row.kind === "contact" && row.contactName ? row.contactName : row.name}{" "}
        <span className={section.muted}>{row.email}</span>
        {row.companyName ? (
          <span className={section.muted}> · {strings.attendees.worksFor(row.companyName)}</span>
        ) : null}
      </span>
      {row.kind === "colleague" ? (
        <Badge appearance="tint" color="informative">
          {strings.attendees.colleague}
        </Badge>
      ) : null}
      {(row.contactTypes ?? []).map((t) => (
        <Badge key={t} appearance="tint" color="brand">
          {t}
        </Badge>
      ))}
      {row.kind === "unresolved" ? (
        contact?.state === "added" ? (
          <span className={section.muted}>{strings.attendees.contactAdded}</span>
        ) : (
          <>
            <Button
              size="small"
              data-testid="add-contact"
              aria-label={strings.attendees.addContactLabel(
                row.name === row.email ? row.email : `${row.name} (${row.email})`,
              )}
              disabled={contact?.state === "adding"}
              onClick={() => void controller.addContact({ email: row.email, name: row.name })}
            >
              {contact?.state === "adding" ? strings.attendees.addingContact : strings.attendees.addContact}
            </Button>
            {contact?.state === "failed" ? (
              <span role="alert" className={section.muted}>
                {strings.attendees.contactFailed(contact.message)}
              </span>
            ) : null}
          </>
        )
      ) : null}
      {row.kind === "contact" && contact?.state === "added" ? (
        <span className={section.muted}>{strings.attendees.contactAdded}</span>
      ) : null}
    </li>
  );
}

export function Attendees(): React.JSX.Element | null {
  const section = useSectionStyles();
  const state = useSelector((s) => s);
  const rows = React.useMemo(() => attendeeRows(state), [state]);
  if (!state.meeting.view) return null;
  const groups: { key: string; title: string; rows: AttendeeRow[] }[] = [
    { key: "contacts", title: strings.attendees.contacts, rows: rows.filter((r) => r.kind === "contact") },
    { key: "colleagues", title: strings.attendees.colleagues, rows: rows.filter((r) => r.kind === "colleague") },
    { key: "unresolved", title: strings.attendees.unresolved, rows: rows.filter((r) => r.kind === "unresolved") },
    { key: "unknown", title: strings.attendees.unknown, rows: rows.filter((r) => r.kind === "unknown") },
  ];
  const companies = state.meeting.view.record?.companies ?? [];
  return (
    <section aria-labelledby="attendees-heading" className={section.section} data-testid="attendees">
      <h3 id="attendees-heading" className={section.heading}>
        {strings.attendees.heading}
      </h3>
      {rows.length === 0 ? <span className={section.muted}>{strings.attendees.none}</span> : null}
      {state.meeting.directoryFailed ? (
        <span className={section.muted} role="note">
          {strings.attendees.lookupFailed}
        </span>
      ) : null}
      {groups
        .filter((g) => g.rows.length > 0)
        .map((g) => (
          <div key={g.key} className={section.section} data-testid={`attendees-${g.key}`}>
            <h4 className={section.muted} style={{ margin: 0 }}>
              {g.title}
            </h4>
            <ul className={section.list}>
              {g.rows.map((r) => (
                <Row key={r.email} row={r} />
              ))}
            </ul>
          </div>
        ))}
      {companies.length > 0 ? (
        <div className={section.section} data-testid="companies">
          <h4 className={section.muted} style={{ margin: 0 }}>
            {strings.attendees.companies}
          </h4>
          <ul className={section.list}>
            {companies.map((c) => (
              <li key={c.id}>{c.name}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
