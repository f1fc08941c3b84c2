import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether every one of these binaries answers `--version` on this machine. */
export function hasBinaries(...names: string[]): boolean {
  try {
    for (const name of names) execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` when what the suite needs is here. Otherwise the suite is skipped with the reason printed, except under
 * CI, where `.ci/run` installs everything and a missing tool is a failure.
 */
export function describeWhen(available: boolean, need: { what: string; missing: string }, name: string, fn: () => void): void {
  if (available) return describe(name, fn);
  if (process.env.CI) throw new Error(`CI is set but ${need.missing}: the ${need.what} tests cannot run`);
  process.stderr.write(`${need.what} tests skipped (${name}): ${need.missing}\n`);
  describe.skip(name, fn);
}

/** A TCP port that was free on loopback a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
