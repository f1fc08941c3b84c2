import { VendorCallError } from '../http/vendor-call-error';
import type { VendorCallScope } from '../http/vendor-http';

/** A loosely typed wire value as text, exactly as `String()` writes it (vendors send scalars where text is meant). */
export function wireText(value: unknown): string {
  return String(value);
}

/**
 * Checks on vendor response bodies. A body of the wrong shape is a VENDOR_BAD_RESPONSE fault, never a null in a
 * non-null GraphQL field. Each helper names the path it checked, for the log line only. `scope` is the call's
 * request scope, where tolerant reading reports the parts it dropped (none outside a request).
 */
export class ShapeChecker {
  constructor(
    readonly vendor: string,
    private readonly route: string,
    readonly scope?: VendorCallScope,
  ) {}

  /*
   * The `…At` checks below take the path as a base and a key and join them only when the value fails its fast check:
   * answers are read on every request and nearly all of them are well formed, so the paths are seldom needed. Each
   * gives what its plain form gives for the joined path, in every case.
   */

  objectAt(value: unknown, base: string, key: string): Record<string, unknown> {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : this.object(value, base + key);
  }

  optionalArrayAt(value: unknown, base: string, key: string): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : this.array(value, base + key);
  }

  stringAt(value: unknown, base: string, key: string): string {
    return typeof value === 'string' && value.length > 0 ? value : this.string(value, base + key);
  }

  optionalStringAt(value: unknown, base: string, key: string): string | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'string') return value;
    return typeof value === 'number' ? String(value) : this.optionalString(value, base + key);
  }

  idAt(value: unknown, base: string, key: string, isSafe: (v: string) => boolean): string {
    const id = typeof value === 'number' ? String(value) : value;
    return typeof id === 'string' && id.length > 0 && isSafe(id) ? id : this.id(value, base + key, isSafe);
  }

  integerAt(value: unknown, base: string, key: string): number {
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : this.integer(value, base + key);
  }

  dateAt(value: unknown, base: string, key: string): Date | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'string') {
      const d = new Date(value);
      if (!Number.isNaN(d.getTime())) return d;
    }
    return this.date(value, base + key);
  }

  fail(path: string, expected: string): never {
    throw new VendorCallError('bad_response', this.vendor, this.route, false, `response ${path}: expected ${expected}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (!value || typeof value !== 'object' || Array.isArray(value)) this.fail(path, 'an object');
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array');
    return value;
  }

  optionalArray(value: unknown, path: string): unknown[] {
    return value === undefined || value === null ? [] : this.array(value, path);
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(path, 'a non-empty string');
    return value;
  }

  optionalString(value: unknown, path: string): string | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' && typeof value !== 'number') this.fail(path, 'a string');
    return String(value);
  }

  /** A vendor id that will be put back into URL paths: must pass the id allow-list. */
  id(value: unknown, path: string, isSafe: (v: string) => boolean): string {
    const id = this.string(typeof value === 'number' ? String(value) : value, path);
    if (!isSafe(id)) this.fail(path, 'a safe id');
    return id;
  }

  integer(value: unknown, path: string, fallback?: number): number {
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) this.fail(path, 'a whole number');
    return n;
  }

  date(value: unknown, path: string): Date | null {
    if (value === undefined || value === null || value === '') return null;
    const d = typeof value === 'string' ? new Date(value) : null;
    if (!d || Number.isNaN(d.getTime())) this.fail(path, 'an ISO date');
    return d;
  }
}
