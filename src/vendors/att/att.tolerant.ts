import * as shared from '../shared/tolerant';
import { ShapeChecker } from '../shape';

/** Reads one optional part of an AT&T answer tolerantly (see `shared/tolerant`). */
export function tolerant<T>(check: ShapeChecker, path: string, read: () => T): T | null {
  return shared.tolerant(check, path, read);
}

/** A list of optional parts of an AT&T answer, each read tolerantly: malformed entries are dropped, the rest kept. */
export function tolerantList<T>(check: ShapeChecker, items: unknown[], path: string, read: (raw: unknown, at: string) => T): T[] {
  return shared.tolerantList(check, items, path, read);
}
