// Local wall-clock times to UTC instants, the way Outlook turns a time the user picks in a time zone into the instant
// it hands the add-in. Built on Intl's time-zone data, so the DST rules are the real ones, not an offset typed into
// the test. An ambiguous time (the repeated hour when clocks go back) gives the earlier instant, a time that does not
// exist (the skipped hour) is an error: Outlook never hands one over.

/** The zone's UTC offset in minutes at `instantMs` (e.g. +60 for BST). */
export const offsetMinutes = (instantMs: number, timeZone: string): number => {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(instantMs))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name ?? "");
  if (!m) throw new Error(`no offset for ${timeZone}`);
  return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

/** "2026-03-29T00:30" in `timeZone` → ISO instant (UTC, milliseconds). */
export const zonedInstant = (wallClock: string, timeZone: string): string => {
  const asUtc = Date.parse(`${wallClock}:00.000Z`);
  if (Number.isNaN(asUtc)) throw new Error(`not a wall-clock time: ${wallClock}`);
  // The offset is one of those in force a day either side; a candidate is right when it reads back as the same time.
  const offsets = [...new Set([-1, 1].map((d) => offsetMinutes(asUtc + d * 86_400_000, timeZone)))];
  const fits = offsets
    .map((o) => asUtc - o * 60_000)
    .filter((t) => t + offsetMinutes(t, timeZone) * 60_000 === asUtc)
    .sort((a, b) => a - b);
  if (fits.length === 0) throw new Error(`${wallClock} does not exist in ${timeZone} (skipped by a DST change)`);
  return new Date(fits[0] as number).toISOString();
};
