import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
// dependency-cruiser's API is ESM-only, so its CLI runs in a child process, as `npm run deps:check` runs it.
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Cruises `paths` from `cwd` with the repository's rules and returns what they forbid. */
function violations(cwd: string, paths: string[]): Violation[] {
  const run = spawnSync(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', ...paths], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`dependency-cruiser gave no report (exit ${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

describe('import rules (.dependency-cruiser.cjs)', () => {
  it('hold on the repository: no product code imports dev/, no simulator imports src/, vendors stay in their folders', () => {
    expect(violations(ROOT, ['src', 'dev', 'test', 'bench', 'scripts'])).toEqual([]);
  }, 120_000);

  it('fail on a tree that breaks each rule once', () => {
    const found = violations(join(ROOT, 'test', 'fixtures', 'import-rules'), ['src', 'dev']).map((v) => [v.rule.name, v.from, v.to]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['product-not-to-dev', 'src/app.ts', 'dev/simulators/sim.ts'],
        ['simulators-not-to-product', 'dev/simulators/sim.ts', 'src/common/label.ts'],
        ['vendor-not-to-other-vendor', 'src/vendors/alpha/alpha.module.ts', 'src/vendors/beta/beta.module.ts'],
        ['vendor-folders-only-through-registry', 'src/server/handler.ts', 'src/vendors/alpha/alpha.module.ts'],
        ['vendor-plumbing-not-to-vendor-folders', 'src/vendors/registry.ts', 'src/vendors/beta/beta.module.ts'],
      ]),
    );
    expect(found.filter(([rule]) => rule === 'no-circular')).toHaveLength(1);
    expect(found).toHaveLength(6);
  }, 120_000);
});
