import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { VendorExample } from '../vendors/vendor-module';
import { startHereExample } from './sandbox-document';
import { requestIdFrom } from './request-headers';

/**
 * The page GET `/` and GET `/graphql` serve to a browser. `graphiql`: GraphiQL and React from the project's own
 * dependencies, served here, so the page works with no internet. `sandbox`: Apollo Sandbox, loaded from Apollo's
 * CDN. `off`: no IDE (Apollo's production page, which points at the graph in Studio).
 */
export const LANDING_PAGES = ['graphiql', 'sandbox', 'off'] as const;
export type LandingPage = (typeof LANDING_PAGES)[number];

/** What both IDEs open with. */
export interface LandingPageOptions {
  /** The example tabs: the vendor-neutral start, then each enabled vendor's own. */
  examples: readonly VendorExample[];
  /** The caller header a router would set, prefilled so that the examples run as a seeded customer. */
  headers: Readonly<Record<string, string>>;
}

/** Where each IDE lives besides `/` and `/graphql`, so that each can link to the other whichever is the default. */
export const IDE_PATHS = { graphiql: '/ide/graphiql', sandbox: '/ide/sandbox' } as const;
const ASSET_PREFIX = '/ide/assets/';

/** Browser builds served from node_modules: name under ASSET_PREFIX -> package, file in it, content type. */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
};

const assetCache = new Map<string, Buffer>();

function readAsset(name: string): Buffer {
  let body = assetCache.get(name);
  if (!body) {
    // By package root: graphiql's `exports` do not list its browser bundle.
    const { pkg, file } = ASSETS[name];
    body = readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
    assetCache.set(name, body);
  }
  return body;
}

/** JSON that is safe inside an inline `<script>` (no `</script>`, no HTML comment openers). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function ideTabs(options: LandingPageOptions): { query: string; variables: string; headers: string }[] {
  const headers = JSON.stringify(options.headers, null, 2);
  return [startHereExample(), ...options.examples].map((example) => ({
    query: example.document,
    variables: JSON.stringify(example.variables ?? {}, null, 2),
    headers,
  }));
}

/**
 * The GraphiQL page. Its fetcher fills the examples' placeholders before each run: `"<new per run>"` becomes a fresh
 * idempotency key, and `"<last cart id>"`, `"<last slot id>"`, `"<last order id>"` the ids that the latest answers
 * held, so the walk-throughs run in order without copying ids by hand.
 */
export function renderGraphiqlPage(options: LandingPageOptions): string {
  const config = { endpointPath: '/graphql', tabs: ideTabs(options), headers: JSON.stringify(options.headers, null, 2) };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Orders subgraph: GraphiQL</title>
<link rel="stylesheet" href="${ASSET_PREFIX}graphiql.min.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #ide-bar { padding: 6px 12px; font-size: 13px; border-bottom: 1px solid #ddd; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="ide-bar">Orders subgraph, GraphiQL served from this server (works offline). The caller header is in <b>Headers</b>;
the tabs hold the examples. Prefer <a id="ide-other" href="${IDE_PATHS.sandbox}">Apollo Sandbox</a>? It needs internet access.</div>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${ASSET_PREFIX}react.production.min.js"></script>
<script src="${ASSET_PREFIX}react-dom.production.min.js"></script>
<script src="${ASSET_PREFIX}graphiql.min.js"></script>
<script>
(function () {
  var config = ${scriptJson(config)};
  var endpoint = new URL(config.endpointPath, location.href).href;
  // Plain JSON answers (no incremental delivery), so that each one can be read for the ids it holds.
  var base = GraphiQL.createFetcher({ url: endpoint, enableIncrementalDelivery: false });
  var last = {};
  function newKey() {
    return 'ide-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
  }
  function fill(variables) {
    if (!variables || typeof variables !== 'object') return variables;
    var out = {};
    Object.keys(variables).forEach(function (name) {
      var value = variables[name];
      if (value === '<new per run>') value = newKey();
      else if (value === '<last cart id>' && last.cart) value = last.cart;
      else if (value === '<last order id>' && last.order) value = last.order;
      else if (value === '<last slot id>' && last.slot) value = last.slot;
      out[name] = value;
    });
    return out;
  }
  function remember(value, key) {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (key === 'appointmentSlots' && value[0] && value[0].id) last.slot = value[0].id;
      value.forEach(function (item) { remember(item); });
      return;
    }
    if (key === 'cart' && typeof value.id === 'string') last.cart = value.id;
    if ((key === 'order' || key === 'productOrder') && typeof value.id === 'string') last.order = value.id;
    Object.keys(value).forEach(function (k) { remember(value[k], k); });
  }
  function fetcher(params, opts) {
    var filled = Object.assign({}, params, { variables: fill(params.variables) });
    return Promise.resolve(base(filled, opts)).then(function (result) {
      if (result && result.data) remember(result.data);
      return result;
    });
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: config.tabs,
    defaultHeaders: config.headers,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
    storage: { getItem: function () { return null; }, setItem: function () {}, removeItem: function () {}, clear: function () {}, length: 0 },
  }));
})();
</script>
</body>
</html>
`;
}

/** Apollo's embedded Sandbox (from Apollo's CDN: it needs internet access), with the same examples and header. */
export function renderSandboxPage(options: LandingPageOptions): string {
  const document = [startHereExample(), ...options.examples].map((example) => `# ---- ${example.title} ----\n${example.document}`).join('\n');
  const variables = Object.assign({}, ...options.examples.map((example) => example.variables ?? {})) as Record<string, unknown>;
  const config = { endpointPath: '/graphql', document, variables, headers: options.headers };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Orders subgraph: Apollo Sandbox</title>
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #ide-bar { padding: 6px 12px; font-size: 13px; border-bottom: 1px solid #ddd; }
  #embeddableSandbox { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="ide-bar">Orders subgraph, Apollo Sandbox (loaded from Apollo's CDN: it needs internet access). Offline? Use
<a id="ide-other" href="${IDE_PATHS.graphiql}">GraphiQL</a>, served from this server. Sandbox does not fill the
"&lt;...&gt;" placeholders: paste the ids and a fresh idempotency key into the variables.</div>
<div id="embeddableSandbox"></div>
<script src="https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js"></script>
<script>
  var config = ${scriptJson(config)};
  new window.EmbeddedSandbox({
    target: '#embeddableSandbox',
    initialEndpoint: new URL(config.endpointPath, location.href).href,
    initialState: { document: config.document, variables: config.variables, headers: config.headers, includeCookies: false },
    endpointIsEditable: false,
    hideCookieToggle: true,
  });
</script>
</body>
</html>
`;
}

/** The page a LANDING_PAGE value renders (not `off`). */
export function renderLandingPage(page: Exclude<LandingPage, 'off'>, options: LandingPageOptions): string {
  return page === 'graphiql' ? renderGraphiqlPage(options) : renderSandboxPage(options);
}

/** Serves the configured IDE on Apollo's landing-page hook (GET `/` and `/graphql` from a browser). */
export function landingPagePlugin(page: Exclude<LandingPage, 'off'>, options: LandingPageOptions): ApolloServerPlugin {
  const html = renderLandingPage(page, options);
  return {
    serverWillStart() {
      return Promise.resolve({ renderLandingPage: () => Promise.resolve({ html }) });
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, cache: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': cache });
  res.end(body);
}

/**
 * Wraps the HTTP handler with the IDE's own routes: both pages (`/ide/graphiql`, `/ide/sandbox`) and the browser
 * builds they load (`/ide/assets/…`). These are static files with no operation in them, so they need no caller or
 * router secret; everything else goes to `next`. With `off` nothing is added.
 */
export function withLandingPages(
  page: LandingPage,
  options: LandingPageOptions,
  next: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (page === 'off') return next;
  const pages: Record<string, string> = {
    [IDE_PATHS.graphiql]: renderGraphiqlPage(options),
    [IDE_PATHS.sandbox]: renderSandboxPage(options),
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !path.startsWith('/ide/')) return next(req, res);
    // The same rule as /graphql: a well-formed id with nothing card-like in it is kept, anything else replaced.
    res.setHeader('x-request-id', requestIdFrom(req.headers['x-request-id']).id);
    const html = pages[path];
    if (html !== undefined) return send(res, 200, 'text/html; charset=utf-8', html, 'no-store');
    const name = path.startsWith(ASSET_PREFIX) ? path.slice(ASSET_PREFIX.length) : '';
    if (!Object.prototype.hasOwnProperty.call(ASSETS, name)) return send(res, 404, 'application/json; charset=utf-8', '{"error":"not found"}', 'no-store');
    return send(res, 200, ASSETS[name].type, readAsset(name), 'public, max-age=3600');
  };
}
