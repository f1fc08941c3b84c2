import { z } from 'zod';

/**
 * Zod building blocks for environment variables, shared by the core configuration and every vendor folder's own
 * part. Each turns an unset or empty variable into `undefined` (or its default) and refuses a bad value with a
 * message that reads after the variable's name ("PORT must be …").
 */
export type Env = Record<string, string | undefined>;

const unset = (raw: string | undefined): raw is undefined | '' => raw === undefined || raw === '';

/** An absolute http(s) (or other listed protocol) URL without query or fragment; trailing slashes dropped. */
export function urlVar(protocols: string[] = ['http:', 'https:']) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return undefined;
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
        return z.NEVER;
      }
      if (!protocols.includes(parsed.protocol)) ctx.addIssue({ code: 'custom', message: `must use ${protocols.join(' or ')}` });
      if (parsed.search || parsed.hash) ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment' });
      return raw.replace(/\/+$/, '');
    });
}

/** A whole number in [min, max], `fallback` when unset. */
export function intVar(fallback: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback;
      if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${raw}"` });
        return z.NEVER;
      }
      return Number(raw);
    });
}

/** true/1/yes or false/0/no, `fallback` when unset. */
export function boolVar(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback;
      if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false, got "${raw}"` });
      return z.NEVER;
    });
}

/** Printable ASCII with no control characters: these values are copied into vendor request headers. */
export function headerTextVar(fallback = '') {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw ?? fallback;
      if (value !== '' && !/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must be printable ASCII without control characters' });
        return z.NEVER;
      }
      return value;
    });
}

/** A secret: any text, never echoed in a message. */
export function secretVar() {
  return z
    .string()
    .optional()
    .transform((raw) => raw ?? '');
}

/** One of a fixed set of words, `fallback` when unset. */
export function oneOfVar<T extends string>(values: readonly T[], fallback: T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback;
      if (!(values as readonly string[]).includes(raw)) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}, got "${raw}"` });
        return z.NEVER;
      }
      return raw as T;
    });
}

/** A configuration value that stops the process at boot, with one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses `env` with a schema whose keys are variable names; the first problem becomes a ConfigError naming its
 * variable. Refinements that involve several variables name theirs through the issue path.
 */
export function parseEnv<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, env: Env): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError(String(issue.path[0] ?? 'configuration'), issue.message);
}

/** "is required …" for a variable a configured vendor cannot run without. */
export function requireVar<T>(ctx: z.RefinementCtx, value: T | undefined | '', variable: string, why: string): void {
  if (value === undefined || value === '') ctx.addIssue({ code: 'custom', path: [variable], message: `is required ${why}` });
}
