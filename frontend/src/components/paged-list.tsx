import type { ReactNode } from 'react';

/** A list hook's answer: the pages read so far, and how to read the next one. */
interface PagedRead<T> {
  readonly data?: { readonly pages: readonly { readonly data: readonly T[] }[] } | undefined;
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  readonly fetchNextPage: () => Promise<unknown>;
}

/** The rows of every page read so far, in order. */
export function rowsOf<T>(list: Pick<PagedRead<T>, 'data'>): readonly T[] {
  return list.data?.pages.flatMap((page) => page.data) ?? [];
}

/** Reads the next page; gone once the last page is read. */
export function LoadMore({ list }: { readonly list: PagedRead<unknown> }) {
  if (!list.hasNextPage) return null;
  return (
    <button type="button" onClick={() => { void list.fetchNextPage(); }} disabled={list.isFetchingNextPage}>
      {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </button>
  );
}

interface PagedTableProps {
  /** The id of the heading that names the table, or else its own label. */
  readonly labelledBy?: string;
  readonly label?: string;
  readonly columns: readonly string[];
  readonly list: PagedRead<unknown>;
  /** The rows read so far. */
  readonly children: ReactNode;
}

/** A paged list as a table: its column headings, the rows read so far, and Load more under it. */
export function PagedTable({ labelledBy, label, columns, list, children }: PagedTableProps) {
  return (
    <>
      <table aria-labelledby={labelledBy} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
      <LoadMore list={list} />
    </>
  );
}
