import { existsSync } from 'node:fs';

/** Debian's chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. On a developer's machine without chromium they are skipped with a printed
 * reason; under CI (`CI=true`) a missing browser is a failure, since `.ci/run` installs it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') throw new Error(`chromium not found at ${CHROMIUM_PATH}: .ci/run installs it with apt-get install -y chromium`);
  console.warn(`skipping browser tests: no chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return false;
}

/** True for a URL that stays on this machine: loopback hosts, and page-internal schemes that fetch nothing. */
export function staysLocal(url: string): boolean {
  const parsed = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(parsed.protocol)) return true;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
