// Date-times as Graph gives them: { dateTime: "yyyy-MM-ddTHH:mm:ss.fffffff", timeZone } in UTC unless the request
// says `Prefer: outlook.timezone="<Windows or IANA name>"`. Windows zone names are mapped to IANA for the conversion
// (the common ones; an unknown name falls back to UTC and the preference is not applied, as Graph does).

import { windowsZoneToIana } from "../../src/graph/windowsZones";

/** The IANA zone for a Windows or IANA name, or undefined when unknown. */
export function ianaZone(name: string): string | undefined {
  const trimmed = name.trim();
  const mapped = windowsZoneToIana(trimmed);
  if (mapped) return mapped;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: trimmed });
    return trimmed;
  } catch {
    return undefined;
  }
}

/** The zone asked for by `Prefer: outlook.timezone="..."`, when the header names a known zone. */
export function preferredZone(prefer: string | string[] | undefined): string | undefined {
  const text = Array.isArray(prefer) ? prefer.join(",") : (prefer ?? "");
  const m = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(text) ?? /outlook\.timezone\s*=\s*([^,;\s]+)/i.exec(text);
  return m?.[1] && ianaZone(m[1]) ? m[1] : undefined;
}

/** Graph's dateTimeTimeZone for a UTC instant, in `zoneName` (Windows or IANA; default UTC). */
export function dateTimeTimeZone(instant: string, zoneName = "UTC"): { dateTime: string; timeZone: string } {
  const zone = ianaZone(zoneName) ?? "UTC";
  const date = new Date(instant);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const fraction = String(date.getUTCMilliseconds()).padStart(3, "0");
  return {
    dateTime: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${fraction}0000`,
    timeZone: zone === "UTC" ? "UTC" : zoneName,
  };
}
