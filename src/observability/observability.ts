import { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServerPlugin } from '@apollo/server';
import { Logger } from 'pino';
import { ConfigError } from '../config';
import { RequestContext } from '../context';
import { VendorCallEvent } from '../http/vendor-http';
import { createMetrics } from './metrics';
import { createAuditTrail } from './audit';
import { requestScopePlugin } from './request-scope';
import { DROPPED_PART_MESSAGE } from '../vendors/shared/tolerant';
import type { Tracing } from './tracing';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Metrics and (when configured) tracing of one app, and the hooks that feed them. */
export interface Observability {
  /** Apollo Server plugins: the request scope (for the audit trail), GraphQL metrics, and the operation spans when tracing is on. */
  plugins: ApolloServerPlugin<RequestContext>[];
  /** The `onCall` hook of every vendor HTTP client. */
  onVendorCall: (event: VendorCallEvent) => void;
  /** One operation answered by the direct path (the `orders_graphql_direct_operations_total` counter). */
  onDirectOperation: () => void;
  /** The unknown vendor-write outcomes the sweep counted (the `orders_unknown_outcomes` gauge). */
  onUnknownOutcomes: (counts: { confirming: number; operator: number }) => void;
  /** Serves `GET /metrics` (Prometheus text format) in front of the app's own handler. */
  withMetrics(handler: Handler): Handler;
  /** Flushes buffered spans; call after the server has stopped. */
  shutdown(): Promise<void>;
}

/** Where OTLP/HTTP traces go, from the standard variables; undefined when tracing is off. */
export function otlpTracesUrl(env: Record<string, string | undefined>): string | undefined {
  if (['true', '1'].includes((env.OTEL_SDK_DISABLED ?? '').toLowerCase())) return undefined;
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const general = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  let name: string;
  let url: string;
  if (specific) {
    name = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
    url = specific;
  } else if (general) {
    // The general endpoint is a base URL: the signal's path is appended, as the OTLP spec says.
    name = 'OTEL_EXPORTER_OTLP_ENDPOINT';
    url = `${general.replace(/\/+$/, '')}/v1/traces`;
  } else {
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(name, 'must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(name, 'must use http: or https:');
  return url;
}

/**
 * Prometheus metrics always; OpenTelemetry traces exported with OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, named by `OTEL_SERVICE_NAME` (default `orders-subgraph`).
 * Throws ConfigError for an endpoint that is not an http(s) URL.
 */
export function createObservability(env: Record<string, string | undefined>, logger: Logger): Observability {
  const metrics = createMetrics();
  const audit = createAuditTrail(logger);
  const url = otlpTracesUrl(env);
  // The OpenTelemetry SDK is loaded only when tracing is on: it is a large share of start-up otherwise.
  const tracing: Tracing | undefined = url
    ? (require('./tracing') as typeof import('./tracing')).createTracing({ url, serviceName: env.OTEL_SERVICE_NAME || 'orders-subgraph' })
    : undefined;
  if (url) logger.info({ url }, 'exporting traces over OTLP/HTTP');
  return {
    plugins: [
      requestScopePlugin({
        onAnswerPartDropped(vendor, path, part, detail, requestId) {
          logger.warn({ vendor, part: path, detail, requestId }, DROPPED_PART_MESSAGE);
          metrics.onAnswerPartDropped(vendor, part);
        },
      }),
      metrics.graphqlPlugin,
      ...(tracing ? [tracing.plugin] : []),
    ],
    onVendorCall(event) {
      metrics.onVendorCall(event);
      audit(event);
      tracing?.onVendorCall(event);
    },
    onUnknownOutcomes: (counts) => metrics.onUnknownOutcomes(counts),
    onDirectOperation: () => metrics.onDirectOperation(),
    withMetrics(handler) {
      return (req, res) => {
        if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return handler(req, res);
        metrics.scrape().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
            res.end(text);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'metrics collection failed');
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end('metrics collection failed\n');
          },
        );
      };
    },
    async shutdown() {
      await tracing?.shutdown();
    },
  };
}
