// Pluralization for the pane's strings (English today; Intl.PluralRules picks the form for a count).
export const plural = (n: number, one: string, other: string): string =>
  new Intl.PluralRules("en").select(n) === "one" ? one : other;
