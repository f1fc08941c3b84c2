import { ATT } from './att.vendor';
import * as shared from '../shared/tolerant';

/** Reads one optional part of an AT&T answer tolerantly (see `shared/tolerant`). */
export function tolerant<T>(path: string, read: () => T): T | null {
  return shared.tolerant(ATT.label, path, read);
}

/** A list of optional parts of an AT&T answer, each read tolerantly: malformed entries are dropped, the rest kept. */
export function tolerantList<T>(items: unknown[], path: string, read: (raw: unknown, at: string) => T): T[] {
  return shared.tolerantList(ATT.label, items, path, read);
}
