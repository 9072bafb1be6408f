// Pane dates follow the mailbox's time zone when Outlook gives an IANA name, the browser's otherwise.
import { formatDateTime, setLocaleDefaults, usableTimeZone } from "../../src/taskpane/format";

afterEach(() => setLocaleDefaults({}));

describe("the time zone of pane dates", () => {
  it("an IANA zone from userProfile.timeZone is used", () => {
    expect(usableTimeZone("Europe/Zurich")).toBe("Europe/Zurich");
    setLocaleDefaults({ locale: "en-US", timeZone: usableTimeZone("Europe/Zurich") });
    expect(formatDateTime("2026-11-25T08:30:00.000Z")).toBe("Nov 25, 2026, 9:30 AM");
  });

  it("a Windows zone name (classic Outlook, Outlook on the web) falls back to the browser's zone, keeping the locale", () => {
    expect(usableTimeZone("W. Europe Standard Time")).toBeUndefined();
    expect(usableTimeZone(undefined)).toBeUndefined();
    setLocaleDefaults({ locale: "de-DE", timeZone: usableTimeZone("W. Europe Standard Time") });
    const browser = new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeStyle: "short" }).format(
      new Date("2026-11-25T08:30:00.000Z"),
    );
    expect(formatDateTime("2026-11-25T08:30:00.000Z")).toBe(browser);
  });
});
