// Dates and sizes for people: the user's locale (Outlook's display language when known) and time zone, through
// Intl only.
//
// Time zone: Office.context.mailbox.userProfile.timeZone is used when Intl knows it (an IANA name, e.g.
// "Europe/Zurich", as some hosts give). Classic Outlook and Outlook on the web give Windows names ("W. Europe
// Standard Time"); mapping those needs CLDR's windowsZones table (~140 zones), which would have to ride in the
// first-render bundle, so it is not shipped: the browser's zone is used instead. That is the OS zone, the one
// classic Outlook shows its calendar in; only an Outlook on the web user whose mailbox zone differs from their
// computer's sees pane times in the computer's zone (the meeting's instant is the same either way).
export interface LocaleOptions {
  locale?: string;
  timeZone?: string;
}

let defaults: LocaleOptions = {};

/** Set once at start-up (Office.context.displayLanguage); tests pin a locale and time zone. */
export function setLocaleDefaults(options: LocaleOptions): void {
  defaults = { ...options };
}

/** The zone name when Intl accepts it (IANA names), else undefined (Windows names: the browser's zone is used). */
export function usableTimeZone(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

const valid = (iso: string | undefined | null): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

function formatter(opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(defaults.locale, { ...opts, timeZone: defaults.timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, opts);
  }
}

export function formatDateTime(iso: string | undefined | null): string | null {
  const d = valid(iso);
  return d ? formatter({ dateStyle: "medium", timeStyle: "short" }).format(d) : null;
}

export function formatDate(iso: string | undefined | null): string | null {
  const d = valid(iso);
  return d ? formatter({ dateStyle: "medium" }).format(d) : null;
}

/** "25 Nov 2026, 10:00 – 11:00", or both full dates when it spans days. */
export function formatRange(startIso: string, endIso: string): string {
  const start = valid(startIso);
  const end = valid(endIso);
  if (!start || !end) return formatDateTime(startIso) ?? "";
  const f = formatter({ dateStyle: "medium", timeStyle: "short" });
  try {
    return f.formatRange(start, end);
  } catch {
    return `${f.format(start)} – ${f.format(end)}`;
  }
}

export function formatSize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(defaults.locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
