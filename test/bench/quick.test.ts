import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

interface BenchRun {
  code: number | null;
  output: string;
}

/** `npm run bench -- <args>`, without npm in between. */
function bench(args: string[]): Promise<BenchRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(REPO, 'bench', 'run.ts'), ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('bench --quick (counted figures; times are printed, never asserted)', () => {
  let normal: BenchRun;
  let naive: BenchRun;

  beforeAll(async () => {
    // Both at once: they share nothing but the machine, and their counts do not depend on its speed.
    [normal, naive] = await Promise.all([bench(['--quick']), bench(['--quick', '--naive'])]);
  }, 180_000);

  it('P1, P5: with the loaders batching, every counted figure is on target and the run exits 0', () => {
    expect(normal.output).toContain('counted figures: all on target');
    expect(normal.output).not.toContain('FAIL');
    expect(normal.output).toMatch(/^P2 +throughput subgraph ÷ bare proxy, Oracle cart\(id\)/m);
    expect(normal.code).toBe(0);
  });

  it('P1: with every lookup sent as its own request (--naive), the run fails and names the figure', () => {
    // Oracle carts are one GET each and AT&T orders batch through the orders query: --naive multiplies both.
    expect(naive.output).toMatch(/^FAIL P1 20 Oracle cart\(id\) aliases over 5 ids: 20 vendor calls/m);
    expect(naive.output).toMatch(/^FAIL P1 _entities: 25 Oracle Cart \+ 25 AT&T ProductOrder over 5 \+ 5 ids: 50 vendor calls/m);
    expect(naive.output).toMatch(/^FAIL P1 _entities: 60 AT&T ProductOrder over 30 ids: 60 vendor calls/m);
    expect(naive.output).not.toMatch(/^FAIL P5/m);
    expect(naive.code).toBe(1);
  });
});
