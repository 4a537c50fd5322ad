// Every paginated AWS call follows its next-page token the same way: ask, hand the page over, and
// stop at the last page, at a page cap (a runaway token loop must end) or when the caller has enough.

export interface PagesRead {
  pages: number;
  /** The next page's token when the paging stopped before AWS's last page; undefined when it got there. */
  nextToken: string | undefined;
}

/**
 * Calls `fetchPage` without a token, then with each page's next token (`nextTokenOf`; an empty one
 * ends the paging too), handing every page to `onPage`, until the last page, `maxPages`, or
 * `onPage` returning false.
 */
export async function followPages<Page>(
  fetchPage: (token: string | undefined) => Promise<Page>,
  nextTokenOf: (page: Page) => string | null | undefined,
  onPage: (page: Page) => boolean | void,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<PagesRead> {
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(nextToken);
    pages++;
    nextToken = nextTokenOf(page) || undefined;
    if (onPage(page) === false) break;
  } while (nextToken !== undefined && pages < maxPages);
  return { pages, nextToken };
}
