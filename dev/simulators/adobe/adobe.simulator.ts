/**
 * Simulator of Adobe's VIP Marketplace partner API (orders part) and of the IMS token endpoint, on one loopback
 * server, on the vendor-neutral kit.
 *
 * Every `/v3` call needs `X-Api-Key` and `Authorization: Bearer <IMS token>`, carries an `X-Request-Id` that is
 * never reused and an `X-Correlation-Id`; a create-order call whose correlation id was seen within 10 days (sim
 * clock) answers the stored original response and places nothing [C]. Errors are `{code, message,
 * additionalDetails?}` with a string code [C]. Codes answered:
 *
 * | HTTP | code                          | when                                                                    |
 * |------|-------------------------------|-------------------------------------------------------------------------|
 * | 403  | 4115                          | `X-Api-Key` missing or not the integration's                            |
 * | 403  | 4117                          | no `Authorization` header                                               |
 * | 401  | 4116                          | bearer token unknown or expired by the sim clock                        |
 * | 400  | 4120                          | an `X-Request-Id` already used                                          |
 * | 400  | 4119                          | no `X-Correlation-Id`                                                   |
 * | 404  | 1116                          | create order for an unknown customer                                    |
 * | 400  | 1121 / 1122 / 1117            | unexpected / missing / invalid fields, all named in additionalDetails   |
 * | 400  | 2119, 2120, 2121, 2123, 2126  | too many lines, quantity, duplicate line number, line number, ext. ref. |
 * | 400  | 2140                          | currency on the order and on a line                                     |
 * | 400  | 2122, 2128, 2137              | unknown offer, currency not sold for the offer, not the customer's one  |
 * | 404  | 2138                          | deployment id not the customer's                                        |
 * | 400  | 2141 [I]                      | unknown discount code                                                   |
 * | 400  | 2130-2134 [I]                 | return: reference invalid, line mismatch, currency, returned, expired   |
 * | 422  | RETURN_QTY_EXCEEDS_REMAINING  | return of more units than the line has left                             |
 * | 422  | RETURN_ORDER_NOT_COMPLETE [I] | return of an order still processing (1002)                              |
 * | 400  | 2136                          | renewal or its preview for a customer with nothing set to auto-renew    |
 * | 400  | 3115, 3121 [I]                | renewal line not a renewing subscription; renewal already placed        |
 * | 404  | 2115                          | GET of an unknown customer or order                                     |
 * | 400  | 1133                          | list offset past the total                                              |
 * | 404/405/413 | RESOURCE_NOT_FOUND, METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE | kit answers [I]                        |
 * | 429  | 4118                          | injected rate-limit fault                                               |
 * | 5xx  | 1124                          | injected faults, or a simulator bug                                     |
 *
 * Order life: placed orders answer 1002 with empty subscription ids, and 60 s later (sim clock) 1000 with them
 * filled; cust-1005's orders end 1004 instead. Only placed orders (NEW, RETURN, RENEWAL) are stored for replay: a
 * refused request leaves its correlation id free for a corrected retry [I]. Not simulated: PATCH of
 * externalReferenceId, transfers and switches, proration to an anniversary date, and subscriptions created by new
 * orders joining the customer's renewals (renewals cover the seeded subscriptions only).
 */
import { ADOBE_STRICT_CONTRACT, adobeStrictRefusal } from './adobe.strict';
import { randomUUID } from 'node:crypto';
import { SimServer, guarded, header } from '../kit';
import type { SimRequest, SimResponse } from '../kit';
import { ADOBE_SIM_CREDENTIALS } from './adobe.catalogue';
import { AdobeError, AdobeErrorCode, adobeErrorBodyFor } from './adobe.errors';
import { AdobeSimState } from './adobe.state';
import { parseListQuery, parseOrderRequest } from './adobe.validation';
import { orderView, previewView } from './adobe.views';

export { ADOBE_CUSTOMERS, ADOBE_PRODUCTS, ADOBE_SIM_CREDENTIALS, ADOBE_TOKEN_TTL_SECONDS, findOffer, offerIdFor } from './adobe.catalogue';
export { AdobeErrorCode } from './adobe.errors';
export { ADOBE_PROCESSING_SECONDS, ADOBE_REPLAY_WINDOW_DAYS, ADOBE_RETURN_WINDOW_DAYS } from './adobe.state';

/** Route keys as `/__sim/stats` shows them. */
export const ADOBE_ROUTES = {
  token: 'POST /ims/token/v3',
  createOrder: 'POST /v3/customers/:customerId/orders',
  listOrders: 'GET /v3/customers/:customerId/orders',
  getOrder: 'GET /v3/customers/:customerId/orders/:orderId',
} as const;

export interface AdobeSimulator {
  sim: SimServer;
  state: AdobeSimState;
}

export interface RunningAdobeSimulator {
  /** `http://127.0.0.1:<port>`: the partner API base (paths start with `/v3`). */
  baseUrl: string;
  /** `http://127.0.0.1:<port>/ims`: the IMS base on the same server (token at `/ims/token/v3`). */
  imsUrl: string;
  port: number;
  sim: SimServer;
  state: AdobeSimState;
  credentials: { apiKey: string; clientId: string; clientSecret: string };
  close(): Promise<void>;
}

/** Builds the Adobe simulator without starting it. */
export interface AdobeSimulatorOptions {
  /** Strict mode: request fields, query parameters and headers checked against `ADOBE_STRICT_CONTRACT`. */
  strict?: boolean;
}

export function createAdobeSimulator(opts: AdobeSimulatorOptions = {}): AdobeSimulator {
  const sim = new SimServer({ name: 'adobe', errorBody: adobeErrorBodyFor });
  const now = (): Date => sim.clock.now();
  const state = new AdobeSimState(now());

  /** The checks every `/v3` call passes, in Adobe's order: key, token, request id, correlation id. */
  const checkHeaders = (req: SimRequest): { headers: Record<string, string>; correlationId: string } => {
    if (header(req, 'x-api-key') !== ADOBE_SIM_CREDENTIALS.apiKey) throw new AdobeError(403, AdobeErrorCode.INVALID_API_KEY, 'Invalid API key');
    const authorization = header(req, 'authorization');
    if (!authorization) throw new AdobeError(403, AdobeErrorCode.MISSING_TOKEN, 'Authorization token is missing');
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!bearer || !state.tokenValid(bearer[1], now())) throw new AdobeError(401, AdobeErrorCode.INVALID_TOKEN, 'Invalid or expired token');
    const sentRequestId = header(req, 'x-request-id');
    const requestId = sentRequestId || randomUUID();
    if (sentRequestId && !state.rememberRequestId(sentRequestId, now())) {
      throw new AdobeError(400, AdobeErrorCode.DUPLICATE_REQUEST_ID, 'Duplicate X-Request-Id');
    }
    const correlationId = header(req, 'x-correlation-id');
    if (!correlationId) throw new AdobeError(400, AdobeErrorCode.MISSING_CORRELATION_ID, 'X-Correlation-Id is required');
    return { headers: { 'x-request-id': requestId, 'x-correlation-id': correlationId }, correlationId };
  };

  sim.route('POST', '/ims/token/v3', (req): SimResponse => {
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    if (form.grant_type !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' } };
    }
    if (form.client_id !== ADOBE_SIM_CREDENTIALS.clientId || form.client_secret !== ADOBE_SIM_CREDENTIALS.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'invalid client_id or client_secret' } };
    }
    const { token, expiresIn } = state.issueToken(now());
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: expiresIn } };
  });

  sim.route(
    'POST',
    '/v3/customers/:customerId/orders',
    guarded((req) => {
      const { headers, correlationId } = checkHeaders(req);
      const customerId = req.params.customerId;
      state.customer(customerId);
      const replay = state.replayOf(correlationId, now());
      if (replay) return { status: replay.status, headers, body: replay.body };
      const input = parseOrderRequest(req.body, req.bodyError);
      const withPrice = req.query.get('fetch-price') === 'true';
      switch (input.orderType) {
        case 'PREVIEW':
          return { status: 201, headers, body: previewView(state.preview(customerId, input, now()), withPrice) };
        case 'PREVIEW_RENEWAL':
          return { status: 201, headers, body: previewView(state.previewRenewal(customerId, input, now()), withPrice) };
        default: {
          const order =
            input.orderType === 'NEW'
              ? state.placeNew(customerId, input, now())
              : input.orderType === 'RETURN'
                ? state.placeReturn(customerId, input, now())
                : state.placeRenewal(customerId, input, now());
          sim.recordOrderCreated();
          const body = orderView(order, now(), withPrice);
          state.storeReplay(correlationId, 201, body, now());
          return { status: 201, headers, body };
        }
      }
    }),
  );

  sim.route(
    'GET',
    '/v3/customers/:customerId/orders',
    guarded((req) => {
      const { headers } = checkHeaders(req);
      const customerId = req.params.customerId;
      const q = parseListQuery(req.query);
      const { total, items } = state.listOrders(customerId, q, now());
      const base = `/v3/customers/${customerId}/orders`;
      const link = (offset: number) => ({ uri: `${base}?limit=${q.limit}&offset=${offset}`, method: 'GET', headers: [] });
      const links: Record<string, unknown> = { self: link(q.offset) };
      if (q.offset + items.length < total) links.next = link(q.offset + items.length);
      if (q.offset > 0) links.prev = link(Math.max(0, q.offset - q.limit));
      return {
        status: 200,
        headers,
        body: { totalCount: total, count: items.length, offset: q.offset, limit: q.limit, items: items.map((o) => orderView(o, now(), q.fetchPrice)), links },
      };
    }),
  );

  sim.route(
    'GET',
    '/v3/customers/:customerId/orders/:orderId',
    guarded((req) => {
      const { headers } = checkHeaders(req);
      const order = state.getOrder(req.params.customerId, req.params.orderId);
      return { status: 200, headers, body: orderView(order, now(), req.query.get('fetch-price') === 'true') };
    }),
  );

  if (opts.strict) sim.setStrict({ contract: ADOBE_STRICT_CONTRACT, refuse: adobeStrictRefusal });
  sim.control('GET', '/__sim/adobe/list-queries', () => ({ status: 200, body: { queries: state.listQueries } }));
  sim.onReset(() => state.reset(now()));

  return { sim, state };
}

/** Starts the Adobe simulator on loopback; port 0 picks a free port. */
export async function startAdobeSimulator(port = 0, opts: AdobeSimulatorOptions = {}): Promise<RunningAdobeSimulator> {
  const adobe = createAdobeSimulator(opts);
  const { port: bound, url } = await adobe.sim.listen(port, '127.0.0.1');
  return {
    baseUrl: url,
    imsUrl: `${url}/ims`,
    port: bound,
    sim: adobe.sim,
    state: adobe.state,
    credentials: { ...ADOBE_SIM_CREDENTIALS },
    close: () => adobe.sim.close(),
  };
}
