/**
 * Simulator of the Oracle Commerce (CX Commerce) agent API, on the vendor-neutral kit. The base URL is the bare
 * origin; every route lives under `/ccagent/v1`.
 *
 * Routes: `POST /ccagent/v1/login` (form `grant_type=password&username&password` [I for the agent API]),
 * `POST /ccagent/v1/orders` with `op` ∈ createNewCart, createOrder, priceOrder, preAuthorizeOrder, submitOrder,
 * resendOrdersForFulfillment [C]; `GET` and `PUT /ccagent/v1/orders/{id}` [C]; and `GET /ccagent/v1/orders?q=…`
 * listing orders in the admin list shape `{items, limit, offset, totalResults}` [I: no order list is documented for
 * the agent API]. Every op answers HTTP 200 with the full order (Oracle documents a 200 response) except
 * resendOrdersForFulfillment, which answers `{notSubmittedOrders: [ids]}` [I: the schema names the member only].
 *
 * Headers: `x-ccsite` chooses the site (absent: the default site, siteUS). An unknown site is answered 400 with an
 * Oracle error body [I: the simulator treats it as a bad request parameter, not a missing resource]. Orders keep the
 * site they were created on; reads and updates ignore the header's site [I]. `X-CCOrganization` names the B2B
 * organization; absent, the profile's first active organization is used [C]. The header is checked on every call.
 *
 * Errors are Oracle's `{message, status, errorCode}` (status and errorCode are strings) [C], with `o:errorPath`
 * naming the request field at fault [C for the member, I for its use here]; several validation problems at once
 * come in the multi-error form `{message, status, errors: [...]}` [C]. Codes (C: documented by Oracle, I: invented):
 *
 * | HTTP | errorCode | when                                                                                  |
 * |------|-----------|---------------------------------------------------------------------------------------|
 * | 400  | 28000 I   | body not a JSON object, a member of the wrong type, missing order id                  |
 * | 400  | 28001 I   | `op` missing or not one of the six ops                                                |
 * | 400  | 22000 C   | `profileId` missing or not a known profile ("No profile found")                      |
 * | 404  | 28003 I   | order id unknown (GET, PUT, every op with `id`)                                       |
 * | 400  | 28004 I   | the order is no longer INCOMPLETE (PUT, priceOrder, preAuthorizeOrder, submitOrder)   |
 * | 400  | 28005 I   | no items: createOrder without items, preAuthorizeOrder / submitOrder of an empty order |
 * | 400  | 20031 C   | productId unknown ("Product Id … is invalid or non-existent")                         |
 * | 400  | 28011 I   | catRefId not a SKU of the product, or missing when the product has several SKUs       |
 * | 400  | 28012 I   | quantity not a whole number from 1 to 999                                             |
 * | 400  | 28013 I   | child item not allowed under its parent, add-on at top level, nesting deeper than 2   |
 * | 400  | 28014 I   | shopper input missing, unknown, too long or not an allowed value                      |
 * | 400  | 28015 I   | commerceItemId not an item of the order (or given twice)                              |
 * | 400  | 28016 I   | more than 100 items                                                                   |
 * | 400  | 28020 I   | coupon code unknown                                                                   |
 * | 400  | 28021 I   | coupon expired                                                                        |
 * | 400  | 28030 I   | shippingMethod.value not a method of the store (ground, express)                      |
 * | 400  | 28031 I   | an address field missing or invalid, one entry per field                              |
 * | 400  | 28032 I   | submitOrder with no shipping address on the order or in the request                   |
 * | 400  | 28040 I   | payment type unknown, card without token/type, gift card without token, bad amount    |
 * | 400  | 28041 I   | a card number, CVV, gift card number or PIN anywhere in a payment (never echoed)      |
 * | 400  | 28042 I   | payment amounts do not add up to the order total                                      |
 * | 400  | 28043 I   | submitOrder with no payments and no authorized payment for the total                  |
 * | 400  | 28044 I   | payment declined (test tokens `tok_decline…`, `gc_empty…`)                            |
 * | 400  | 28050 I   | preAuthorizeOrder / submitOrder before priceOrder since the last price-affecting change|
 * | 400  | 28060 I   | a dynamic property of the wrong type or too long                                      |
 * | 400  | 28070 I   | list query: q, limit, offset or sort not understood                                   |
 * | 400  | 60001 I   | x-ccsite names no site                                                                |
 * | 400  | 100094 C  | X-CCOrganization names an inactive organization                                       |
 * | 400  | 100096 C  | X-CCOrganization names no organization                                                |
 * | 401  | 83001 I   | login with a wrong username or password                                               |
 * | 400  | 83002 I   | login that is not a form with grant_type=password, username and password              |
 * | 401  | 83003 I   | no `Authorization: Bearer` token                                                      |
 * | 401  | 83004 I   | unknown or revoked token                                                              |
 * | 401  | 83005 I   | expired token (930 s by the simulator clock)                                          |
 * | 404  | 10404 I   | unknown path                                                                          |
 * | 405  | 10405 I   | known path, wrong method                                                              |
 * | 413  | 10413 I   | request body over 1 MiB                                                               |
 * | 429  | 10429 I   | injected rate-limit fault                                                             |
 * | 500  | 10500 I   | injected 500 fault, or a simulator bug                                                |
 * | 5xx  | 10503 I   | injected 502/503/504 faults                                                           |
 *
 * Control routes besides the kit's: `GET /__sim/oracle/ops` (requests per op, tokens issued),
 * `POST /__sim/oracle/tokens/revoke` (every token becomes invalid, for token-renewal tests), and
 * `POST /__sim/oracle/op-faults` `{op, status, when: "before" | "after", times?}` / `DELETE` to fail one op of the
 * shared `POST /ccagent/v1/orders` route, before it runs or after it committed.
 */
import { SimServer, guarded, header } from '../kit';
import type { SimRequest, SimResponse } from '../kit';
import { OracleTokens } from './oracle.auth';
import { ORACLE_STRICT_CONTRACT, oracleStrictRefusal } from './oracle.strict';
import { defaultSite, findOrganization, findProfile, findSite, ORACLE_AGENT } from './oracle.catalogue';
import type { OracleSite } from './oracle.catalogue';
import { ErrorCollector, OracleError, OracleErrorCode, oracleErrorBodyFor, invalidRequest } from './oracle.errors';
import { OracleStore } from './oracle.state';
import { parseAddress, parseListQuery, parseOrderChanges, parsePayments, requireObjectBody } from './oracle.validation';
import { orderView } from './oracle.views';

export {
  ORACLE_AGENT,
  ORACLE_COUPONS,
  ORACLE_ORGANIZATIONS,
  ORACLE_PRODUCTS,
  ORACLE_PROFILES,
  ORACLE_SHIPPING_METHODS,
  ORACLE_SITES,
  ORACLE_TOKEN_TTL_SECONDS,
} from './oracle.catalogue';
export { OracleErrorCode } from './oracle.errors';
export { ORACLE_ORDER_TIMELINE } from './oracle.state';

/** The path prefix of every agent route. */
export const ORACLE_AGENT_PATH = '/ccagent/v1';

export const ORACLE_OPS = ['createNewCart', 'createOrder', 'priceOrder', 'preAuthorizeOrder', 'submitOrder', 'resendOrdersForFulfillment'] as const;
export type OracleOp = (typeof ORACLE_OPS)[number];

export interface OracleSimulator {
  sim: SimServer;
  store: OracleStore;
  tokens: OracleTokens;
}

export interface RunningOracleSimulator {
  /** `http://127.0.0.1:<port>`: the origin, as an Oracle instance URL is; routes add `/ccagent/v1`. */
  baseUrl: string;
  port: number;
  sim: SimServer;
  store: OracleStore;
  /** The seeded agent user. */
  credentials: { username: string; password: string };
  close(): Promise<void>;
}

/**
 * Faults on one op of `POST /ccagent/v1/orders`: an HTTP status answered before the op runs (nothing committed) or
 * after it ran (committed, answer lost), for the next `times` calls of that op.
 */
class OpFaults {
  private rules: { op: OracleOp; status: number; when: 'before' | 'after'; remaining: number }[] = [];

  add(input: unknown): { op: OracleOp; status: number; when: 'before' | 'after'; remaining: number } {
    const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
    if (typeof o.op !== 'string' || !(ORACLE_OPS as readonly string[]).includes(o.op)) throw new Error(`op must be one of ${ORACLE_OPS.join(', ')}`);
    if (typeof o.status !== 'number' || !Number.isInteger(o.status) || o.status < 400 || o.status > 599)
      throw new Error('status must be an HTTP status from 400 to 599');
    if (o.when !== 'before' && o.when !== 'after') throw new Error('when must be before or after');
    const times = o.times ?? 1;
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw new Error('times must be an integer >= 1');
    const rule = { op: o.op as OracleOp, status: o.status, when: o.when, remaining: times } as const;
    this.rules.push({ ...rule });
    return rule;
  }

  /** The status to answer for this op at this moment, consuming one use; undefined when none is armed. */
  take(op: OracleOp, when: 'before' | 'after'): number | undefined {
    const rule = this.rules.find((r) => r.op === op && r.when === when);
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.status;
  }

  clear(): void {
    this.rules = [];
  }
}

function siteOf(req: SimRequest): OracleSite {
  const id = header(req, 'x-ccsite');
  if (id === undefined || id === '') return defaultSite();
  const site = findSite(id);
  if (!site) throw new OracleError(400, OracleErrorCode.SITE_NOT_FOUND, 'The site in x-ccsite does not exist', 'x-ccsite');
  return site;
}

/** The organization named by X-CCOrganization, checked; undefined when the header is absent. */
function organizationHeader(req: SimRequest): string | undefined {
  const id = header(req, 'x-ccorganization');
  if (id === undefined || id === '') return undefined;
  const org = findOrganization(id);
  if (!org) throw new OracleError(400, OracleErrorCode.ORGANIZATION_NOT_FOUND, 'The organization in X-CCOrganization does not exist', 'X-CCOrganization');
  if (!org.active)
    throw new OracleError(400, OracleErrorCode.ORGANIZATION_INACTIVE, 'Organization passed in the header is currently inactive', 'X-CCOrganization');
  return org.id;
}

/** The organization a new order belongs to: the header's, else the profile's first active one [C]. */
function organizationFor(headerOrg: string | undefined, profileId: string): string | undefined {
  if (headerOrg !== undefined) return headerOrg;
  return findProfile(profileId)?.organizationIds.find((id) => findOrganization(id)?.active);
}

function orderId(body: Record<string, unknown>): string {
  if (typeof body.id !== 'string' || body.id === '') throw invalidRequest('id', 'id is required');
  return body.id;
}

function profileId(body: Record<string, unknown>): string {
  if (typeof body.profileId !== 'string' || body.profileId === '') {
    throw new OracleError(400, OracleErrorCode.PROFILE_NOT_FOUND, 'No profile found with this profile id', 'profileId');
  }
  return body.profileId;
}

export interface OracleSimulatorOptions {
  /** Strict mode: only documented routes (no order list), request fields checked against `ORACLE_STRICT_CONTRACT`. */
  strict?: boolean;
}

/** Builds the Oracle simulator without starting it. */
export function createOracleSimulator(opts: OracleSimulatorOptions = {}): OracleSimulator {
  const strict = opts.strict ?? false;
  const sim = new SimServer({ name: 'oracle', errorBody: oracleErrorBodyFor });
  const store = new OracleStore();
  const tokens = new OracleTokens();
  const opCounts = new Map<OracleOp, number>();
  const opFaults = new OpFaults();
  const now = (): Date => sim.clock.now();
  const p = (path: string): string => `${ORACLE_AGENT_PATH}${path}`;
  const ok = (body: unknown): SimResponse => ({ status: 200, body });

  /** Every agent call but login: a live token first, then the site and organization headers. */
  const agentCall = (req: SimRequest): { site: OracleSite; organization: string | undefined } => {
    tokens.require(req.headers.authorization, now());
    return { site: siteOf(req), organization: organizationHeader(req) };
  };

  sim.route(
    'POST',
    p('/login'),
    guarded((req) => {
      const form = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded') ? req.body : undefined;
      return ok(tokens.login(form, now()));
    }),
  );

  /** Carries out one op of `POST /orders`; refusals are thrown as Oracle errors. */
  const runOp = (op: OracleOp, body: Record<string, unknown>, site: OracleSite, organization: string | undefined): SimResponse => {
    const c = new ErrorCollector();
    switch (op) {
      case 'createNewCart':
      case 'createOrder': {
        const profile = profileId(body);
        const changes = parseOrderChanges(body, c);
        if (op === 'createOrder' && c.count === 0 && (!changes.items || changes.items.length === 0)) {
          c.add(400, OracleErrorCode.ITEMS_REQUIRED, 'createOrder needs at least one item', 'shoppingCart.items');
        }
        const order = store.create({ profileId: profile, site, organizationId: organizationFor(organization, profile) }, changes, c, now());
        return ok(orderView(order, now()));
      }
      case 'priceOrder': {
        if (body.id !== undefined) return ok(orderView(store.price(orderId(body), now()), now()));
        const profile = profileId(body);
        const changes = parseOrderChanges(body, c);
        const quote = store.quote({ profileId: profile, site, organizationId: organizationFor(organization, profile) }, changes, c, now());
        return ok(orderView(quote, now()));
      }
      case 'preAuthorizeOrder': {
        const id = orderId(body);
        const payments = parsePayments(body.payments, c);
        const address = parseAddress(body.shippingAddress, 'shippingAddress', c);
        return ok(orderView(store.preAuthorize(id, payments, address, c, now()), now()));
      }
      case 'submitOrder': {
        const id = orderId(body);
        const payments = parsePayments(body.payments, c);
        const address = parseAddress(body.shippingAddress, 'shippingAddress', c);
        const order = store.submit(id, payments, address, c, now());
        sim.recordOrderCreated();
        return ok(orderView(order, now()));
      }
      case 'resendOrdersForFulfillment': {
        const ids = body.orders;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 50 || ids.some((id) => typeof id !== 'string' || id === '')) {
          throw invalidRequest('orders', 'orders must list 1 to 50 order ids');
        }
        return ok({ notSubmittedOrders: store.resend(ids as string[], now()) });
      }
    }
  };

  sim.route(
    'POST',
    p('/orders'),
    guarded((req) => {
      const { site, organization } = agentCall(req);
      const body = requireObjectBody(req.body, req.bodyError);
      const op = body.op;
      if (typeof op !== 'string' || !(ORACLE_OPS as readonly string[]).includes(op)) {
        throw new OracleError(400, OracleErrorCode.OP_INVALID, `op must be one of ${ORACLE_OPS.join(', ')}`, 'op');
      }
      opCounts.set(op as OracleOp, (opCounts.get(op as OracleOp) ?? 0) + 1);
      // Op faults: one op of the shared route fails, before or after it commits (the kit faults a whole route).
      const before = opFaults.take(op as OracleOp, 'before');
      if (before) return { status: before, body: oracleErrorBodyFor(before, 'simulated fault') };
      const response = runOp(op as OracleOp, body, site, organization);
      const after = opFaults.take(op as OracleOp, 'after');
      return after ? { status: after, body: oracleErrorBodyFor(after, 'simulated fault') } : response;
    }),
  );

  // The agent API documents no order list [I]: absent in strict mode.
  if (!strict)
    sim.route(
      'GET',
      p('/orders'),
      guarded((req) => {
        agentCall(req);
        const query = parseListQuery(req.query);
        const page = store.list(query, now());
        return ok({ items: page.items.map((o) => orderView(o, now())), limit: query.limit, offset: query.offset, totalResults: page.total });
      }),
    );

  // `includeResult=full` is accepted; the simulator always answers the full order [I].
  sim.route(
    'GET',
    p('/orders/:id'),
    guarded((req) => {
      agentCall(req);
      return ok(orderView(store.get(req.params.id), now()));
    }),
  );

  sim.route(
    'PUT',
    p('/orders/:id'),
    guarded((req) => {
      agentCall(req);
      const body = requireObjectBody(req.body, req.bodyError);
      const c = new ErrorCollector();
      const changes = parseOrderChanges(body, c);
      return ok(orderView(store.update(req.params.id, changes, c, now()), now()));
    }),
  );

  if (strict) sim.setStrict({ contract: ORACLE_STRICT_CONTRACT, refuse: oracleStrictRefusal });

  sim.control('GET', '/__sim/oracle/ops', () => ok({ ops: Object.fromEntries(opCounts), tokensIssued: tokens.issued }));
  sim.control('POST', '/__sim/oracle/tokens/revoke', () => ok({ revoked: tokens.revokeAll() }));
  sim.control('POST', '/__sim/oracle/op-faults', (req) => {
    try {
      return { status: 201, body: opFaults.add(req.body) };
    } catch (err) {
      return { status: 400, body: { error: (err as Error).message } };
    }
  });
  sim.control('DELETE', '/__sim/oracle/op-faults', () => {
    opFaults.clear();
    return ok({ opFaults: [] });
  });
  sim.onReset(() => {
    opCounts.clear();
    opFaults.clear();
  });

  return { sim, store, tokens };
}

/** Starts the Oracle simulator on loopback; port 0 picks a free port. */
export async function startOracleSimulator(port = 0, opts: OracleSimulatorOptions = {}): Promise<RunningOracleSimulator> {
  const oracle = createOracleSimulator(opts);
  const { port: bound, url } = await oracle.sim.listen(port, '127.0.0.1');
  return {
    baseUrl: url,
    port: bound,
    sim: oracle.sim,
    store: oracle.store,
    credentials: { username: ORACLE_AGENT.username, password: ORACLE_AGENT.password },
    close: () => oracle.sim.close(),
  };
}
