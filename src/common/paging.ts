import { BadUserInputError } from './errors';
import { isVendor, Vendor } from './vendor';
import { PageInfo } from './page-info.type';

/** Page size when `first` is not given, and the largest one allowed. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

/** Per-vendor offsets: where the next page starts at each vendor. A cursor is these, encoded. */
export type VendorOffsets = Partial<Record<Vendor, number>>;

/** Encodes per-vendor offsets as an opaque cursor. */
export function encodeCursor(offsets: VendorOffsets): string {
  return Buffer.from(JSON.stringify(offsets), 'utf8').toString('base64url');
}

/** Decodes a cursor, or throws BAD_USER_INPUT naming `after`. */
export function decodeCursor(cursor: string | undefined | null): VendorOffsets {
  if (cursor === undefined || cursor === null) return {};
  const invalid = () => new BadUserInputError('Not a valid cursor', ['after']);
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
  const offsets: VendorOffsets = {};
  for (const [vendor, offset] of Object.entries(parsed)) {
    if (!isVendor(vendor)) throw invalid();
    if (!Number.isInteger(offset) || (offset as number) < 0 || (offset as number) > 1_000_000) throw invalid();
    offsets[vendor] = offset as number;
  }
  return offsets;
}

/** Checks `first`, defaulting it. */
export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be from 1 to ${MAX_PAGE_SIZE}`, ['first']);
  }
  return first;
}

/** One vendor's side of a connection: reads a page at an offset with the vendor's (or the index's) own paging. */
export interface PageSource<T> {
  vendor: Vendor;
  fetch(offset: number, limit: number): Promise<{ items: T[]; totalCount: number }>;
}

/** A merged page: items with their cursors, page info and the total. */
export interface MergedPage<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Pages across vendors without ever fetching everything: each vendor is asked for at most `first` items from its
 * own offset, the answers are merged newest first, the first `first` are kept, and each kept item's cursor records
 * how far every vendor has been consumed up to it.
 */
export async function pageAcrossVendors<T>(
  sources: PageSource<T>[],
  first: number,
  after: VendorOffsets,
  newestFirstKey: (item: T) => number,
): Promise<MergedPage<T>> {
  const pages = await Promise.all(
    sources.map(async (source) => ({ source, start: after[source.vendor] ?? 0, ...(await source.fetch(after[source.vendor] ?? 0, first)) })),
  );
  const candidates = pages.flatMap((page) => page.items.map((item) => ({ vendor: page.source.vendor, item })));
  candidates.sort((a, b) => newestFirstKey(b.item) - newestFirstKey(a.item));
  const taken = candidates.slice(0, first);
  const offsets: VendorOffsets = {};
  for (const page of pages) offsets[page.source.vendor] = page.start;
  const edges = taken.map(({ vendor, item }) => {
    offsets[vendor] = (offsets[vendor] ?? 0) + 1;
    return { cursor: encodeCursor({ ...offsets }), node: item };
  });
  const totalCount = pages.reduce((sum, page) => sum + page.totalCount, 0);
  const hasNextPage = pages.some((page) => (offsets[page.source.vendor] ?? 0) < page.totalCount);
  const hasPreviousPage = pages.some((page) => page.start > 0);
  return {
    edges,
    nodes: edges.map((e) => e.node),
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
