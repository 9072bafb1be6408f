// How the client search pages through a company's meetings: a small first page, so the list shows after one short
// answer, then pages of the contract's largest size for the rest. The bench (bench/search.ts) imports these, so the
// figure of what the user waits for asks exactly what the pane asks. No imports: nothing here touches the DOM.

/** The first page: what the user waits for before the list appears. */
export const FIRST_PAGE_SIZE = 50;
/** Every later page, appended while the list is shown: the contract's maximum `limit`. */
export const PAGE_SIZE = 200;
/** Upper bound on pages for one load (about 10,000 meetings), so a runaway answer can't loop forever. */
export const MAX_PAGES = 50;

export interface MeetingPage {
  skip: number;
  limit: number;
  /** 0 for the first page; counts towards MAX_PAGES. */
  index: number;
}

export const FIRST_PAGE: MeetingPage = { skip: 0, limit: FIRST_PAGE_SIZE, index: 0 };

/**
 * The page after `asked`, given how many items it answered and the answer's `total`; null when the window is
 * complete (or the answer was empty, or MAX_PAGES is reached). The next skip follows what was answered, not what was
 * asked, so a server answering fewer than `limit` items leaves no gap.
 */
export function pageAfter(asked: MeetingPage, answered: { items: number; total: number }): MeetingPage | null {
  const loaded = asked.skip + answered.items;
  if (answered.items === 0 || loaded >= answered.total || asked.index + 1 >= MAX_PAGES) return null;
  return { skip: loaded, limit: PAGE_SIZE, index: asked.index + 1 };
}
