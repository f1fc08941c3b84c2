import { Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, Tracer, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ApolloServerPlugin } from '@apollo/server';
import { RequestContext } from '../context';
import { VendorCallEvent, VendorCallScope } from '../http/vendor-http';

/** Spans of GraphQL operations and of the vendor calls they make, exported over OTLP/HTTP. */
export interface Tracing {
  /** One SERVER span per GraphQL operation, child of the router's `traceparent` when it sends one. */
  plugin: ApolloServerPlugin<RequestContext>;
  /** One CLIENT span per vendor call, child of the operation that made it. */
  onVendorCall(event: VendorCallEvent): void;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  serviceName: string;
  /** Replaces the OTLP exporter (tests). */
  exporter?: SpanExporter;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C `traceparent` of the router as a remote parent; the root context when absent or malformed. */
/** An error's code as a span attribute: the code when it is one, else what the client sees for a masked error. */
function errorCode(code: unknown): string {
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

export function parentFromTraceparent(header: string | undefined): Context {
  const match = header ? TRACEPARENT.exec(header.trim()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return ROOT_CONTEXT;
  const traceFlags = parseInt(match[3], 16) & TraceFlags.SAMPLED;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: match[1], spanId: match[2], traceFlags, isRemote: true });
}

/**
 * Tracing on a private BasicTracerProvider (no global registration, no auto-instrumentation), so that each app in
 * a process has its own. Spans carry route templates and operation names, never ids or personal data.
 * It does not propagate trace context to the vendors.
 */
export function createTracing(options: TracingOptions): Tracing {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: options.url });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer: Tracer = provider.getTracer('orders-subgraph');
  // The operation span of each running operation, found from the request scope that its vendor calls carry (their
  // hook has no request context): a weak map, so that a scope and its span go with the request.
  const active = new WeakMap<VendorCallScope, Context>();

  const plugin: ApolloServerPlugin<RequestContext> = {
    requestDidStart({ request, contextValue }) {
      const parent = parentFromTraceparent(request.http?.headers.get('traceparent'));
      const span = tracer.startSpan('GraphQL Operation', { kind: SpanKind.SERVER, attributes: { 'request.id': contextValue.requestId } }, parent);
      active.set(contextValue.scope, trace.setSpan(parent, span));
      return Promise.resolve({
        didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? 'query';
          span.updateName(operationName ? `${type} ${operationName}` : type);
          span.setAttribute('graphql.operation.type', type);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
          return Promise.resolve();
        },
        didEncounterErrors({ errors }) {
          const codes = [...new Set(errors.map((e) => errorCode(e.extensions?.code)))];
          span.setAttribute('graphql.error.codes', codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
          return Promise.resolve();
        },
        willSendResponse() {
          span.end();
          return Promise.resolve();
        },
      });
    },
  };

  return {
    plugin,
    onVendorCall(event) {
      const end = Date.now();
      const [method, template] = event.route.split(' ', 2);
      const span = tracer.startSpan(
        `${event.vendor} ${event.route}`,
        {
          kind: SpanKind.CLIENT,
          startTime: end - event.ms,
          attributes: {
            'vendor.name': event.vendor,
            'vendor.route': event.route,
            'vendor.outcome': event.outcome,
            'vendor.attempts': event.attempts,
            'http.request.method': method,
            'url.template': template ?? event.route,
            'server.address': new URL(event.origin).host,
          },
        },
        (event.scope && active.get(event.scope)) ?? ROOT_CONTEXT,
      );
      if (event.status !== undefined) span.setAttribute('http.response.status_code', event.status);
      if (event.attempts > 1) span.setAttribute('http.request.resend_count', event.attempts - 1);
      if (event.outcome !== 'ok') {
        span.setAttribute('error.type', event.outcome);
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.outcome });
      }
      span.end(end);
    },
    shutdown: () => provider.shutdown(),
  };
}
