// The sandbox's schema, as the versioned migrations db.ts applies in order (PRAGMA user_version): a data file written
// by an older sandbox is upgraded in place. Kept apart from the database plumbing so the schema reads on its own.

/** Each entry upgrades the schema by one version; never edit a released entry, append a new one. */
export const migrations: readonly string[] = [
  // 1: the whole model.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE user_groups (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
  ) WITHOUT ROWID;

  CREATE TABLE contact_types (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE activity_types (id TEXT PRIMARY KEY, name TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0);

  CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    name TEXT NOT NULL,
    email TEXT COLLATE NOCASE,
    job_title TEXT,
    domain TEXT COLLATE NOCASE,
    company_id TEXT REFERENCES contacts(id),
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX contacts_email ON contacts(email) WHERE email IS NOT NULL;
  CREATE INDEX contacts_domain ON contacts(domain) WHERE domain IS NOT NULL;
  CREATE INDEX contacts_kind_name ON contacts(kind, name COLLATE NOCASE);
  CREATE INDEX contacts_company ON contacts(company_id) WHERE company_id IS NOT NULL;
  CREATE TABLE contact_contact_types (
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    type_id TEXT NOT NULL REFERENCES contact_types(id),
    PRIMARY KEY (contact_id, type_id)
  ) WITHOUT ROWID;

  CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    sync_key TEXT NOT NULL UNIQUE,
    owner_id TEXT NOT NULL REFERENCES users(id),
    organizer_email TEXT NOT NULL COLLATE NOCASE,
    added_by TEXT NOT NULL CHECK (added_by IN ('organizer', 'attendee')),
    item_id TEXT,
    subject TEXT NOT NULL,
    location TEXT NOT NULL,
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    notes TEXT NOT NULL,
    visibility TEXT NOT NULL,
    activity_type_id TEXT NOT NULL,
    cancelled INTEGER NOT NULL,
    is_recurring INTEGER NOT NULL,
    sensitivity TEXT NOT NULL,
    revision INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX meetings_owner_start ON meetings(owner_id, start_at);
  CREATE INDEX meetings_start ON meetings(start_at);

  CREATE TABLE meeting_attendees (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    response TEXT NOT NULL,
    contact_id TEXT REFERENCES contacts(id),
    user_id TEXT REFERENCES users(id),
    PRIMARY KEY (meeting_id, position)
  ) WITHOUT ROWID;
  CREATE INDEX meeting_attendees_unresolved ON meeting_attendees(email)
    WHERE contact_id IS NULL AND user_id IS NULL;

  -- Every company a meeting involves (through its attending contacts, or linked), denormalized with what the
  -- company meeting search filters on, so that search is an index range scan.
  CREATE TABLE meeting_companies (
    company_id TEXT NOT NULL REFERENCES contacts(id),
    start_at TEXT NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    linked INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    visibility_kind TEXT NOT NULL,
    group_id TEXT,
    owner_id TEXT NOT NULL,
    PRIMARY KEY (company_id, start_at, meeting_id)
  ) WITHOUT ROWID;
  CREATE INDEX meeting_companies_meeting ON meeting_companies(meeting_id);

  CREATE TABLE meeting_colleagues (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (meeting_id, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    document_key TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (meeting_id, document_key)
  );

  CREATE TABLE idempotency (
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
  );
  `,
  // 2: which colleagues meet with which company when, so that "how many colleagues meet with this company" probes
  // an index per colleague instead of joining every meeting of the company.
  `
  CREATE TABLE company_colleagues (
    company_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    start_at TEXT NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    cancelled INTEGER NOT NULL,
    visibility_kind TEXT NOT NULL,
    group_id TEXT,
    owner_id TEXT NOT NULL,
    PRIMARY KEY (company_id, user_id, start_at, meeting_id)
  ) WITHOUT ROWID;
  CREATE INDEX company_colleagues_meeting ON company_colleagues(meeting_id);
  INSERT INTO company_colleagues
    SELECT i.company_id, mc.user_id, i.start_at, i.meeting_id, i.cancelled, i.visibility_kind, i.group_id, i.owner_id
    FROM meeting_companies i JOIN meeting_colleagues mc ON mc.meeting_id = i.meeting_id;
  `,
  // 3: all-day meetings (MeetingPayload.isAllDay); existing meetings are timed.
  `
  ALTER TABLE meetings ADD COLUMN is_all_day INTEGER NOT NULL DEFAULT 0;
  `,
  // 4: one meeting, one record (issue 14). A meeting row is the shared meeting and its first ("primary") link (its
  // sync_key, owner and choices, as before); every other colleague's link, and every removed link (a tombstone that
  // refuses late writes), is a row of meeting_links. Not unique on ical_uid: records made before identity existed
  // may share one until the duplicate merge folds them. Documents belong to the link they came through (link_key),
  // so two colleagues' attachments never replace each other. meeting_viewers: who may see a meeting whose links
  // disagree on visibility ('u:<user id>' or 'g:<group id>'), probed by the client search per row.
  `
  ALTER TABLE meetings ADD COLUMN ical_uid TEXT;
  ALTER TABLE meetings ADD COLUMN sync_mode TEXT;
  ALTER TABLE meetings ADD COLUMN add_contacts INTEGER;
  ALTER TABLE meetings ADD COLUMN org_sequence INTEGER;
  ALTER TABLE meetings ADD COLUMN org_changed_at TEXT;
  CREATE INDEX meetings_ical_uid ON meetings(ical_uid) WHERE ical_uid IS NOT NULL;

  CREATE TABLE meeting_links (
    sync_key TEXT PRIMARY KEY,
    meeting_id TEXT,
    user_id TEXT NOT NULL REFERENCES users(id),
    added_by TEXT NOT NULL CHECK (added_by IN ('organizer', 'attendee')),
    item_id TEXT,
    visibility TEXT NOT NULL,
    activity_type_id TEXT NOT NULL,
    sync_mode TEXT,
    add_contacts INTEGER,
    revision INTEGER NOT NULL,
    removed_revision INTEGER,
    removed_reason TEXT,
    removed_outcome TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX meeting_links_meeting ON meeting_links(meeting_id) WHERE meeting_id IS NOT NULL;

  CREATE TABLE meeting_viewers (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    viewer TEXT NOT NULL,
    PRIMARY KEY (meeting_id, viewer)
  ) WITHOUT ROWID;

  CREATE TABLE documents_by_link (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    link_key TEXT NOT NULL,
    document_key TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (meeting_id, link_key, document_key)
  );
  INSERT INTO documents_by_link
    SELECT d.id, d.meeting_id, m.sync_key, d.document_key, d.name, d.content_type, d.size, d.sha256, d.content,
      d.created_at, d.updated_at
    FROM documents d JOIN meetings m ON m.id = d.meeting_id;
  DROP TABLE documents;
  ALTER TABLE documents_by_link RENAME TO documents;
  `,
  // 5: the client search at a firm's scale (issue 11). company_users: each colleague who meets with a company, with
  // how many of its search rows they have and how many are open to everyone and not cancelled, kept by triggers on
  // company_colleagues (whoever writes it: the store, the bulk seed, a cascade), so the colleague count walks a
  // company's colleagues without a skip scan and needs no probe for one who has a meeting open to everyone. Indexes
  // let the search count a company's meetings by visibility (everyone; the user's own; their groups'; through
  // meeting_viewers keyed by viewer) instead of testing each meeting, and count colleagues over a short date range.
  `
  CREATE TABLE company_users (
    company_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meetings INTEGER NOT NULL,
    open_to_everyone INTEGER NOT NULL,
    PRIMARY KEY (company_id, user_id)
  ) WITHOUT ROWID;
  INSERT INTO company_users
    SELECT company_id, user_id, COUNT(*), SUM(cancelled = 0 AND visibility_kind = 'everyone')
    FROM company_colleagues GROUP BY company_id, user_id;
  CREATE TRIGGER company_users_added AFTER INSERT ON company_colleagues BEGIN
    INSERT INTO company_users (company_id, user_id, meetings, open_to_everyone)
      VALUES (NEW.company_id, NEW.user_id, 1, NEW.cancelled = 0 AND NEW.visibility_kind = 'everyone')
      ON CONFLICT (company_id, user_id) DO UPDATE SET meetings = meetings + 1,
        open_to_everyone = open_to_everyone + (NEW.cancelled = 0 AND NEW.visibility_kind = 'everyone');
  END;
  CREATE TRIGGER company_users_removed AFTER DELETE ON company_colleagues BEGIN
    UPDATE company_users SET meetings = meetings - 1,
        open_to_everyone = open_to_everyone - (OLD.cancelled = 0 AND OLD.visibility_kind = 'everyone')
      WHERE company_id = OLD.company_id AND user_id = OLD.user_id;
    DELETE FROM company_users WHERE company_id = OLD.company_id AND user_id = OLD.user_id AND meetings = 0;
  END;
  CREATE TRIGGER company_users_changed AFTER UPDATE ON company_colleagues BEGIN
    UPDATE company_users SET meetings = meetings - 1,
        open_to_everyone = open_to_everyone - (OLD.cancelled = 0 AND OLD.visibility_kind = 'everyone')
      WHERE company_id = OLD.company_id AND user_id = OLD.user_id;
    DELETE FROM company_users WHERE company_id = OLD.company_id AND user_id = OLD.user_id AND meetings = 0;
    INSERT INTO company_users (company_id, user_id, meetings, open_to_everyone)
      VALUES (NEW.company_id, NEW.user_id, 1, NEW.cancelled = 0 AND NEW.visibility_kind = 'everyone')
      ON CONFLICT (company_id, user_id) DO UPDATE SET meetings = meetings + 1,
        open_to_everyone = open_to_everyone + (NEW.cancelled = 0 AND NEW.visibility_kind = 'everyone');
  END;
  CREATE INDEX company_colleagues_start ON company_colleagues(company_id, start_at, user_id, cancelled,
    visibility_kind, owner_id, group_id);
  CREATE INDEX meeting_companies_kind ON meeting_companies(company_id, visibility_kind, start_at, cancelled);
  CREATE INDEX meeting_companies_owner ON meeting_companies(company_id, owner_id, start_at, cancelled,
    visibility_kind);
  CREATE INDEX meeting_companies_group ON meeting_companies(company_id, group_id, start_at, cancelled,
    visibility_kind) WHERE group_id IS NOT NULL;
  CREATE INDEX meeting_viewers_viewer ON meeting_viewers(viewer, meeting_id);
  `,
  // Which application (the add-in or the firm's sync service) made each accepted write through a link
  // (MeetingRecord.deliveries; dev/sandbox/deliveries.ts).
  `
  CREATE TABLE IF NOT EXISTS meeting_deliveries (
    sync_key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    by TEXT NOT NULL CHECK (by IN ('addin', 'syncService')),
    at TEXT NOT NULL,
    PRIMARY KEY (sync_key, revision)
  );
  `,
  // The writer's fingerprint of the write that applied each revision (MeetingRecord.fingerprint): a writer whose
  // compare-and-set lost can tell whether the record already holds its content (issue 15).
  `
  ALTER TABLE meeting_deliveries ADD COLUMN fingerprint TEXT;
  `,
  // 8: the client search's whole-history count (issue 11): how many search rows each company has of each visibility,
  // cancelled or not, kept by triggers on meeting_companies (whoever writes it: the store, the bulk seed, a cascade),
  // so "all of a company's meetings open to everyone" is one row, not an index walk over a third of the firm's
  // meetings for the busiest company.
  `
  CREATE TABLE company_meeting_counts (
    company_id TEXT NOT NULL,
    visibility_kind TEXT NOT NULL,
    cancelled INTEGER NOT NULL,
    meetings INTEGER NOT NULL,
    PRIMARY KEY (company_id, visibility_kind, cancelled)
  ) WITHOUT ROWID;
  INSERT INTO company_meeting_counts
    SELECT company_id, visibility_kind, cancelled, COUNT(*) FROM meeting_companies
    GROUP BY company_id, visibility_kind, cancelled;
  CREATE TRIGGER company_meeting_counts_added AFTER INSERT ON meeting_companies BEGIN
    INSERT INTO company_meeting_counts (company_id, visibility_kind, cancelled, meetings)
      VALUES (NEW.company_id, NEW.visibility_kind, NEW.cancelled, 1)
      ON CONFLICT (company_id, visibility_kind, cancelled) DO UPDATE SET meetings = meetings + 1;
  END;
  CREATE TRIGGER company_meeting_counts_removed AFTER DELETE ON meeting_companies BEGIN
    UPDATE company_meeting_counts SET meetings = meetings - 1
      WHERE company_id = OLD.company_id AND visibility_kind = OLD.visibility_kind AND cancelled = OLD.cancelled;
    DELETE FROM company_meeting_counts WHERE company_id = OLD.company_id AND visibility_kind = OLD.visibility_kind
      AND cancelled = OLD.cancelled AND meetings = 0;
  END;
  CREATE TRIGGER company_meeting_counts_changed AFTER UPDATE ON meeting_companies BEGIN
    UPDATE company_meeting_counts SET meetings = meetings - 1
      WHERE company_id = OLD.company_id AND visibility_kind = OLD.visibility_kind AND cancelled = OLD.cancelled;
    DELETE FROM company_meeting_counts WHERE company_id = OLD.company_id AND visibility_kind = OLD.visibility_kind
      AND cancelled = OLD.cancelled AND meetings = 0;
    INSERT INTO company_meeting_counts (company_id, visibility_kind, cancelled, meetings)
      VALUES (NEW.company_id, NEW.visibility_kind, NEW.cancelled, 1)
      ON CONFLICT (company_id, visibility_kind, cancelled) DO UPDATE SET meetings = meetings + 1;
  END;
  `,
  // 9: the client search's contacts of a page (issue 11): which of each meeting's attendees are contacts, from an
  // index holding just those pairs, instead of reading every attendee row (email, name, response) of 200 meetings.
  `
  CREATE INDEX meeting_attendees_contact ON meeting_attendees(meeting_id, contact_id) WHERE contact_id IS NOT NULL;
  `,
];
