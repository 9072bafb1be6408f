// Windows time-zone names Exchange and Graph use (originalStartTimeZone, Prefer: outlook.timezone), mapped to IANA
// for Intl: the common ones. Shared by the sync service's reader and the local Graph, so both convert alike.
const WINDOWS_TO_IANA = new Map<string, string>([
  ["UTC", "UTC"],
  ["Pacific Standard Time", "America/Los_Angeles"],
  ["Mountain Standard Time", "America/Denver"],
  ["Central Standard Time", "America/Chicago"],
  ["Eastern Standard Time", "America/New_York"],
  ["GMT Standard Time", "Europe/London"],
  ["W. Europe Standard Time", "Europe/Berlin"],
  ["Romance Standard Time", "Europe/Paris"],
  ["Central Europe Standard Time", "Europe/Budapest"],
  ["Tokyo Standard Time", "Asia/Tokyo"],
  ["AUS Eastern Standard Time", "Australia/Sydney"],
  ["India Standard Time", "Asia/Kolkata"],
]);

/** The IANA name of a Windows zone name this table knows; undefined otherwise (a Map: any string is safe to ask). */
export const windowsZoneToIana = (name: string): string | undefined => WINDOWS_TO_IANA.get(name.trim());
