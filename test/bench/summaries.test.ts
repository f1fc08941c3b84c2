import { formatGrowth, growthSteps } from '../../bench/growth';
import { attribute, compareLayers, CpuProfile, LAYER, SavedSummary, summarize } from '../../bench/profile';

type Frame = CpuProfile['nodes'][number];

const REPO = '/work/repo';
let nextId = 1;
/** A stack leaf first, each frame `function@url` (url empty for natives). */
function stack(...frames: string[]): Frame[] {
  return frames.map((f) => {
    const at = f.indexOf('@');
    const [functionName, url] = [f.slice(0, at), f.slice(at + 1)];
    return { id: nextId++, callFrame: { functionName, url, lineNumber: 0 } };
  });
}
const own = (file: string) => `${REPO}/dist/${file}.js`;
const pkg = (file: string) => `${REPO}/node_modules/${file}.js`;

describe('bench profile: every sample charged to one layer', () => {
  it("a graphql-js document walk is charged to the input guard that asked for it, but to GraphQL when graphql's validation did", () => {
    const guard = stack(
      `visit@${pkg('graphql/language/visitor')}`,
      `didResolveOperation@${own('server/input-guard')}`,
      `processGraphQLRequest@${pkg('@apollo/server/dist/cjs/requestPipeline')}`,
    );
    expect(attribute(guard)).toBe(LAYER.inputGuard);
    const validation = stack(
      `visit@${pkg('graphql/language/visitor')}`,
      `validate@${pkg('graphql/validation/validate')}`,
      `route@${own('server/http-handler')}`,
    );
    expect(attribute(validation)).toBe(LAYER.framework);
  });

  it('natives take the layer of the code that called them: the socket write of the response is the runtime, a log line is logging', () => {
    expect(attribute(stack('writev@', 'end@node:_http_outgoing', `route@${own('server/http-handler')}`))).toBe(LAYER.runtime);
    expect(attribute(stack('stringify@', `asJson@${pkg('pino/lib/tools')}`, `route@${own('server/http-handler')}`))).toBe(LAYER.logging);
    expect(attribute(stack('(garbage collector)@'))).toBe(LAYER.gc);
  });

  it("a vendor's records in the store, parsed as read, are the store's; the rest of its folder is its adapter", () => {
    const read = (file: string) => attribute(stack('parse@', `revive@${own(file)}`, `getCarts@${own('vendors/att/att.adapter')}`));
    expect(read('vendors/att/att.records')).toBe(LAYER.store);
    expect(read('vendors/adobe/adobe.drafts')).toBe(LAYER.store);
    expect(read('store/redis-store')).toBe(LAYER.store);
    expect(read('vendors/att/att.mapping')).toBe(LAYER.adapters);
  });

  it('what the context function calls is the context, except checks that have a layer of their own', () => {
    expect(attribute(stack(`createLoaders@${own('service/loaders')}`, `context@${own('app')}`, `route@${own('server/http-handler')}`))).toBe(LAYER.context);
    expect(attribute(stack(`containsEmbeddedCardNumber@${own('common/validation/card-number')}`, `context@${own('app')}`))).toBe(LAYER.inputGuard);
  });

  it('resolver code is charged to itself, the executor around it to GraphQL, and a mapping it calls to the adapters', () => {
    expect(attribute(stack(`cart@${own('cart/cart.resolver')}`, `executeField@${pkg('graphql/execution/execute')}`))).toBe(LAYER.resolvers);
    expect(attribute(stack(`executeField@${pkg('graphql/execution/execute')}`, `route@${own('server/http-handler')}`))).toBe(LAYER.framework);
    expect(attribute(stack(`compiled@${own('server/executor')}`, `route@${own('server/http-handler')}`))).toBe(LAYER.framework);
    expect(attribute(stack(`mapCart@${own('vendors/oracle/oracle.mapping')}`, `getCarts@${own('vendors/oracle/oracle.adapter')}`))).toBe(LAYER.adapters);
    expect(attribute(stack(`request@${pkg('undici/lib/dispatcher/pool')}`, `send@${own('http/vendor-http')}`))).toBe(LAYER.http);
    expect(attribute(stack(`encode@${pkg('@apollo/usage-reporting-protobuf/generated/cjs/protobuf')}`))).toBe(LAYER.tracing);
  });

  it('the summary counts only the window between the marks and divides it among the layers', () => {
    const nodes: Frame[] = [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 }, children: [2, 3, 4, 5] },
      { id: 2, callFrame: { functionName: 'benchProfileMark', url: own('child'), lineNumber: 0 } },
      { id: 3, callFrame: { functionName: 'didResolveOperation', url: own('server/input-guard'), lineNumber: 0 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: 0 } },
      { id: 5, callFrame: { functionName: 'startApp', url: own('app'), lineNumber: 0 } },
    ];
    const profile: CpuProfile = { nodes, samples: [5, 2, 3, 3, 4, 2, 5], timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000] };
    const summary = summarize(profile);
    expect(summary.marked).toBe(true);
    expect(summary.layers).toEqual([{ name: LAYER.inputGuard, ms: 2 }]);
    expect(summary.idleMs).toBe(1);
  });

  it('two saved summaries print side by side as µs per request', () => {
    const saved = (commit: string, guardMs: number): SavedSummary => ({
      version: 1,
      commit,
      date: '2026-12-03T12:00:00.000Z',
      loadAverage: [1, 1, 1],
      operation: 'Oracle cart(id)',
      requests: 1000,
      rps: 500,
      summary: { busyMs: 600, idleMs: 0, marked: true, layers: [{ name: LAYER.inputGuard, ms: guardMs }], modules: [], functions: [], inclusive: [] },
    });
    const table = compareLayers(saved('aaaaaaa', 30), saved('bbbbbbb', 10));
    expect(table).toMatch(/input guard and card checks\s+30\.0\s+10\.0\s+-20\.0/);
    expect(table).toMatch(/total \(main thread busy\)\s+600\.0\s+600\.0\s+\+0\.0/);
    // Every layer of the split has its row, in LAYER's order; one that neither run reached says so.
    const rows = table.split('\n');
    const at = (name: string) => rows.findIndex((r) => r.startsWith(name));
    for (const name of Object.values(LAYER)) expect(at(name)).toBeGreaterThan(0);
    expect(at(LAYER.plugins)).toBeLessThan(at(LAYER.errors));
    expect(at(LAYER.errors)).toBeLessThan(at(LAYER.store));
    expect(rows[at(LAYER.store)]).toMatch(/^store \(embedded or Redis\) \(no sample in either run\)\s+0\.0\s+0\.0\s*$/);
    expect(rows[at(LAYER.inputGuard)]).not.toContain('no sample');
  });
});

describe('bench growth table', () => {
  it('flags a step whose cost grows more than 1.5 times faster than its size, and no other', () => {
    const linear = [
      { size: 1, cost: 100 },
      { size: 10, cost: 400 },
      { size: 50, cost: 1900 },
    ];
    expect(growthSteps(linear).map((s) => s.flagged)).toEqual([false, false]);
    const quadratic = [
      { size: 10, cost: 100 },
      { size: 100, cost: 10000 },
    ];
    expect(growthSteps(quadratic)).toEqual([{ factor: 10, flagged: true }]);
    const text = formatGrowth([{ name: '_entities of N', costUnit: 'cpu', points: quadratic.map((p) => ({ ...p, p50Ms: 1 })) }]);
    expect(text).toContain('WORSE THAN LINEAR');
    expect(text).toMatch(/_entities of N: 10 → 100 \(cost grew worse than linearly\)/);
  });
});
