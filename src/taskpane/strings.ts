// Every user-visible string of the task pane, in one place, ready for translation. Functions take the values they
// interpolate; dates arrive already formatted for the user's locale and time zone (see format.ts).
// The pane's first script imports paneStrings.ts only; the sections and the client search import this catalogue,
// which adds sectionStrings.ts (a chunk the first status never waits for).
import { paneStrings } from "./paneStrings";
import { sectionStrings } from "./sectionStrings";

export const strings = { ...paneStrings, ...sectionStrings };

export type Strings = typeof strings;
