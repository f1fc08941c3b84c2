import { VendorHttpClient } from '../../../src/http/vendor-http';
import { VendorCallError } from '../../../src/http/vendor-call-error';
import { OracleTokenSource } from '../../../src/vendors/oracle/oracle.auth';
import { ORACLE_AGENT, startOracleSimulator } from '../../../dev/simulators/oracle/oracle.simulator';
import type { RunningOracleSimulator } from '../../../dev/simulators/oracle/oracle.simulator';
import { SimControl } from '../../support/sim-control';

const LOGIN = 'POST /ccagent/v1/login';

describe('Oracle agent token source, against the simulator', () => {
  let oracle: RunningOracleSimulator;
  let control: SimControl;
  let http: VendorHttpClient;
  let clock: number;
  const now = (): number => clock;

  beforeAll(async () => {
    oracle = await startOracleSimulator(0);
    control = new SimControl(oracle.baseUrl);
    http = new VendorHttpClient({ vendor: 'Oracle', baseUrl: oracle.baseUrl, attemptTimeoutMs: 2000 });
  });

  afterAll(async () => {
    await http.close();
    await oracle.close();
  });

  beforeEach(async () => {
    clock = Date.now();
    await control.clearFaults();
    await control.resetStats();
  });

  it('shares one login between concurrent callers and caches the token', async () => {
    const source = new OracleTokenSource(http, ORACLE_AGENT, now);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => source.token()));
    expect(new Set(tokens).size).toBe(1);
    expect(await source.token()).toBe(tokens[0]);
    expect(await control.count(LOGIN)).toBe(1);
    const res = await http.request({
      method: 'GET',
      path: '/ccagent/v1/orders/o1',
      route: 'GET /ccagent/v1/orders/{id}',
      headers: { authorization: `Bearer ${tokens[0]}` },
      idempotent: true,
    });
    expect(res.status).toBe(404);
  });

  it('renews before expires_in runs out, keeping a margin', async () => {
    const source = new OracleTokenSource(http, ORACLE_AGENT, now);
    const first = await source.token();
    clock += (930 - 61) * 1000;
    expect(await source.token()).toBe(first);
    clock += 2000;
    const second = await source.token();
    expect(second).not.toBe(first);
    expect(await control.count(LOGIN)).toBe(2);
  });

  it('drops only the token that failed: a late invalidation of an old token keeps the renewed one', async () => {
    const source = new OracleTokenSource(http, ORACLE_AGENT, now);
    const old = await source.token();
    source.invalidate(old);
    const renewed = await source.token();
    expect(renewed).not.toBe(old);
    source.invalidate(old);
    expect(await source.token()).toBe(renewed);
    expect(await control.count(LOGIN)).toBe(2);
  });

  it('treats refused credentials as an auth failure naming the variables, whose detail never holds the password', async () => {
    const source = new OracleTokenSource(http, { username: ORACLE_AGENT.username, password: 'secret-wrong-password' }, now);
    const error = await source.token().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VendorCallError);
    expect((error as VendorCallError).kind).toBe('auth_failed');
    expect((error as VendorCallError).credentialVariables).toEqual(['ORACLE_USERNAME', 'ORACLE_PASSWORD']);
    expect((error as VendorCallError).detail).toContain('83001');
    expect(JSON.stringify(error)).not.toContain('secret-wrong-password');
    expect((error as VendorCallError).detail).not.toContain('secret-wrong-password');
  });

  it('assumes a short lifetime when the answer has no expires_in, and refuses an answer with no token', async () => {
    await control.fault(LOGIN, { type: 'wrong-shape', body: { access_token: 'abcdefghijklmnop', token_type: 'bearer' } }, 1);
    const source = new OracleTokenSource(http, ORACLE_AGENT, now);
    expect(await source.token()).toBe('abcdefghijklmnop');
    clock += 269 * 1000;
    expect(await source.token()).toBe('abcdefghijklmnop');
    clock += 2000;
    expect(await source.token()).not.toBe('abcdefghijklmnop');

    await control.fault(LOGIN, { type: 'wrong-shape', body: { token_type: 'bearer' } }, 1);
    const broken = new OracleTokenSource(http, ORACLE_AGENT, now);
    const error = await broken.token().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as VendorCallError).kind).toBe('bad_response');
  });
});
