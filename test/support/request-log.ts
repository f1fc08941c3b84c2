import type { LoggedRequest } from '../../dev/simulators/kit/strict';
import { findRequest, RequestTable } from '../../src/vendors/request-table';

export type { LoggedRequest };

/** The requests a simulator saw since its log was last cleared. */
export async function loggedRequests(simBaseUrl: string): Promise<LoggedRequest[]> {
  const res = await fetch(`${new URL(simBaseUrl).origin}/__sim/requests`);
  return ((await res.json()) as { requests: LoggedRequest[] }).requests;
}

export async function clearLoggedRequests(simBaseUrl: string): Promise<void> {
  await fetch(`${new URL(simBaseUrl).origin}/__sim/requests`, { method: 'DELETE' });
}

/**
 * Everything in the logged requests that the vendor's table does not list, or lists only as an assumption whose
 * switch is off (`switches` are the ones on). `bases` maps each table base to the path prefix it has at the simulator.
 */
export function undocumented(table: RequestTable, logged: LoggedRequest[], bases: Record<string, string>, switches: string[] = []): string[] {
  const problems: string[] = [];
  const on = (a?: { switch: string }): boolean => !a || switches.some((s) => a.switch.startsWith(s));
  for (const req of logged) {
    const match = Object.entries(bases)
      .filter(([, prefix]) => req.path.startsWith(prefix))
      .map(([base, prefix]) => findRequest(table, req.method, req.path.slice(prefix.length), base))
      .find((r) => r !== undefined);
    if (!match) {
      problems.push(`${req.method} ${req.path}: not in the ${table.vendor} table`);
      continue;
    }
    if (!on(match.assumption)) problems.push(`${req.method} ${match.path}: assumption sent with its switch off (${match.assumption!.switch})`);
    const check = (kind: string, names: string[], parts: typeof match.body): void => {
      for (const name of names) {
        const part = parts.find(
          (p) =>
            p.name.toLowerCase() === name.toLowerCase() ||
            (p.name.endsWith('.*') && name.startsWith(p.name.slice(0, -1))) ||
            (p.name === '*' && !/[.[]/.test(name)),
        );
        if (!part) problems.push(`${req.method} ${match.path}: ${kind} ${name} not in the table`);
        else if (!on(part.assumption)) problems.push(`${req.method} ${match.path}: ${kind} ${name} is an assumption whose switch is off`);
      }
    };
    check('header', req.headers, match.headers);
    check('query parameter', req.query, match.query);
    check('body field', req.body, match.body);
  }
  return [...new Set(problems)];
}
