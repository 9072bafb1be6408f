// Light or dark, following Office's theme: Office.context.officeTheme gives the host's colours; a dark body
// background means the dark Fluent theme.
export type ThemeKind = "light" | "dark";

/** Relative luminance of a "#rrggbb" (or "#rgb") colour, 0..1; null when it isn't one. */
export function luminance(color: string | undefined | null): number | null {
  if (!color) return null;
  let hex = color.trim().replace(/^#/, "");
  if (/^[0-9a-f]{3}$/i.test(hex)) hex = [...hex].map((c) => c + c).join("");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export interface OfficeThemeLike {
  bodyBackgroundColor?: string;
  isDarkTheme?: boolean;
}

export function themeKind(theme: OfficeThemeLike | undefined | null): ThemeKind {
  if (!theme) return "light";
  if (typeof theme.isDarkTheme === "boolean") return theme.isDarkTheme ? "dark" : "light";
  const l = luminance(theme.bodyBackgroundColor);
  return l !== null && l < 0.2 ? "dark" : "light";
}

/** The theme of the Office host right now (light outside Office). */
export function currentOfficeTheme(): ThemeKind {
  try {
    return themeKind(typeof Office !== "undefined" ? (Office.context?.officeTheme as OfficeThemeLike) : null);
  } catch {
    return "light";
  }
}

/** Follows theme changes where the host reports them (Mailbox 1.14 OfficeThemeChanged); a no-op elsewhere. */
export function watchOfficeTheme(onChange: (theme: ThemeKind) => void): void {
  try {
    const mailbox = Office.context?.mailbox as unknown as {
      addHandlerAsync?: (type: unknown, handler: (args: { officeTheme?: OfficeThemeLike }) => void) => void;
    };
    const type = (Office.EventType as unknown as Record<string, unknown>)?.OfficeThemeChanged;
    if (!mailbox?.addHandlerAsync || !type) return;
    mailbox.addHandlerAsync(type, (args) =>
      onChange(args.officeTheme ? themeKind(args.officeTheme) : currentOfficeTheme()),
    );
  } catch {
    // Hosts without theme events keep the theme they started with.
  }
}
