// Client meetings: search an InterAction company, then see every upcoming meeting with its contacts in a period,
// the colleagues attending each, and how many distinct colleagues meet the client. Loaded on demand.
import * as React from "react";
import {
  Button,
  Field,
  SearchBox,
  Select,
  Spinner,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { formatRange } from "../format";
import { strings } from "../strings";
import { SEARCH_MIN_CHARS } from "../clientSearch";
import type { CompanyMeeting } from "../types";
import { useController, useSelector } from "./context";
import { useSectionStyles } from "./styles";

const RANGES = [7, 14, 30, 60, 90];

const useStyles = makeStyles({
  listbox: {
    listStyleType: "none",
    margin: 0,
    padding: "4px 0",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow8,
    maxHeight: "240px",
    overflowY: "auto",
  },
  option: {
    padding: `6px ${tokens.spacingHorizontalM}`,
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  optionActive: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    outlineOffset: "-2px",
  },
  count: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export default function ClientMeetings(): React.JSX.Element {
  const section = useSectionStyles();
  const styles = useStyles();
  const controller = useController();
  const c = useSelector((s) => s.clients);
  const ready = useSelector((s) => s.boot.phase === "ready");
  const q = c.query.trim();

  let searchStatus: string | null = null;
  if (c.searchError) searchStatus = strings.clients.searchFailed(c.searchError);
  else if (c.searching) searchStatus = strings.clients.searching;
  else if (q.length > 0 && q.length < SEARCH_MIN_CHARS) searchStatus = strings.clients.typeMore;
  else if (c.resultsFor === q && q.length >= SEARCH_MIN_CHARS && c.results.length === 0 && !c.selected)
    searchStatus = strings.clients.noResults(q);

  const selected = c.selected;
  // The pages loaded so far (none while the first page loads). The count is InterAction's total for the window,
  // never how many items happen to be loaded.
  const shown = c.meetings && !c.meetingsLoading ? c.meetings : null;
  const loadingMore = Boolean(shown && c.moreMeetings && !c.moreMeetings.failed);
  let countText = "";
  if (shown) {
    const loaded = shown.items.length;
    if (loadingMore) countText = strings.clients.loadingMore(loaded, shown.total);
    else if (loaded < shown.total) countText = strings.clients.partlyLoaded(loaded, shown.total);
    else countText = strings.clients.meetingCount(shown.total);
  }

  // The search box is an ARIA combobox: arrows move through the companies found, Enter chooses, Escape closes.
  // Still hand-made, not Fluent's Combobox/Option: the bundle budget is not the reason (this chunk is lazy, so it
  // costs the first render nothing). A freeform Combobox whose options arrive asynchronously from the debounced
  // search was tried; with the list opened by our results rather than by Fluent, ArrowDown set no
  // aria-activedescendant and Enter chose nothing in the keyboard-only test, and its portal put the listbox outside
  // the landmarks (axe "region"; inlinePopup fixes that part). Switching needs that keyboard path solved first.
  const [open, setOpen] = React.useState(false);
  const [active, setActive] = React.useState(-1);
  const listOpen = open && c.results.length > 0 && c.resultsFor === q;
  const choose = (i: number) => {
    const company = c.results[i];
    if (!company) return;
    setOpen(false);
    setActive(-1);
    void controller.selectCompany(company);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const n = c.results.length;
    if (e.key === "ArrowDown" && n > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % n);
    } else if (e.key === "ArrowUp" && n > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === "Enter" && listOpen) {
      e.preventDefault();
      choose(active >= 0 ? active : 0);
    } else if (e.key === "Escape" && listOpen) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <section aria-labelledby="clients-heading" className={section.section} data-testid="clients">
      <h2 id="clients-heading" className={section.heading}>
        {strings.clients.heading}
      </h2>
      <Field label={strings.clients.search}>
        <SearchBox
          data-testid="company-search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls="company-listbox"
          aria-activedescendant={listOpen && active >= 0 ? `company-option-${active}` : undefined}
          autoComplete="off"
          disabled={!ready}
          placeholder={strings.clients.searchPlaceholder}
          value={c.query}
          onChange={(_, d) => {
            setOpen(true);
            setActive(-1);
            controller.search(d.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
      </Field>
      {listOpen ? (
        <ul id="company-listbox" role="listbox" aria-label={strings.clients.search} className={styles.listbox}>
          {c.results.map((r, i) => (
            <li
              key={r.id}
              id={`company-option-${i}`}
              role="option"
              aria-selected={i === active}
              data-testid="company-option"
              className={mergeClasses(styles.option, i === active && styles.optionActive)}
              // Choosing with the mouse must not blur the input first (which would close the list).
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
            >
              {r.domain ? `${r.name} (${r.domain})` : r.name}
            </li>
          ))}
        </ul>
      ) : null}
      <span role="status" aria-live="polite" className={section.muted} data-testid="search-status">
        {searchStatus ?? ""}
      </span>
      <Field label={strings.clients.range}>
        <Select
          data-testid="range-select"
          value={String(c.rangeDays)}
          onChange={(_, d) => void controller.setRange(Number(d.value))}
        >
          {RANGES.map((d) => (
            <option key={d} value={d}>
              {strings.clients.rangeOption(d)}
            </option>
          ))}
        </Select>
      </Field>
      {selected ? (
        <div className={section.section} data-testid="company-meetings" aria-busy={c.meetingsLoading}>
          {c.meetingsLoading ? <Spinner size="tiny" label={strings.clients.loading(selected.name)} /> : null}
          {c.meetingsError ? (
            <div role="alert" className={section.row}>
              <span>{strings.clients.loadFailed(c.meetingsError)}</span>
              <Button
                size="small"
                data-testid="company-meetings-retry"
                onClick={() => void controller.reloadCompanyMeetings()}
              >
                {strings.clients.retry}
              </Button>
            </div>
          ) : null}
          {shown ? (
            <p className={styles.count} data-testid="colleague-count" data-count={shown.colleagueCount}>
              {strings.clients.colleagueCount(shown.colleagueCount, selected.name, c.rangeDays)}
            </p>
          ) : null}
          {/* Present from the start of a load, so its changes are announced: "Loading more…", then the count. */}
          <span role="status" aria-live="polite" className={section.muted} data-testid="meeting-count">
            {countText}
          </span>
          {shown && shown.items.length === 0 && !c.moreMeetings ? (
            <span>{strings.clients.none(selected.name, c.rangeDays)}</span>
          ) : null}
          {shown && shown.items.length > 0 ? <MeetingList meetings={shown.items} /> : null}
          {loadingMore ? <Spinner size="extra-tiny" aria-hidden="true" data-testid="loading-more" /> : null}
          {c.moreMeetings?.failed ? (
            <div role="alert" className={section.row} data-testid="more-meetings-failed">
              <span>{strings.clients.moreFailed(c.moreMeetings.failed)}</span>
              <Button
                size="small"
                data-testid="more-meetings-retry"
                onClick={() => void controller.loadRestOfCompanyMeetings()}
              >
                {strings.clients.retry}
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** The meetings shown, each with when and where, the firm colleagues attending and the client's contacts. */
function MeetingList({ meetings }: { meetings: CompanyMeeting[] }): React.JSX.Element {
  const section = useSectionStyles();
  return (
    <ul className={section.list} aria-label={strings.clients.regionLabel}>
      {meetings.map((mt) => (
        <li key={mt.id} className={section.card} data-testid="company-meeting">
          <strong style={{ overflowWrap: "anywhere" }}>{mt.subject || strings.meeting.untitled}</strong>
          <span className={section.muted}>
            {formatRange(mt.start, mt.end)}
            {mt.location ? ` · ${mt.location}` : ""}
            {mt.kind ? ` · ${strings.clients.kindName(mt.kind)}` : ""}
            {mt.cancelled ? ` · ${strings.clients.cancelled}` : ""}
          </span>
          <span data-testid="meeting-colleagues">
            {strings.clients.colleagues}:{" "}
            {mt.colleagues.length
              ? mt.colleagues.map((p) => p.name || p.email).join(", ")
              : strings.clients.noColleagues}
          </span>
          {mt.contacts.length ? (
            <span className={section.muted}>
              {strings.clients.clientContacts}: {mt.contacts.map((p) => p.name || p.email).join(", ")}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
