import type { SimHandler, SimRequest } from './sim-server';
import type { SimResponse } from './respond';

/** A refusal a vendor module throws from a handler: it knows its own vendor-shaped error response. */
export interface SimRefusal {
  toResponse(): SimResponse;
}

function isSimRefusal(error: unknown): error is SimRefusal {
  return typeof (error as { toResponse?: unknown } | null)?.toResponse === 'function';
}

/** Wraps a handler so that a thrown refusal is answered as the vendor's error body; anything else propagates. */
export function guarded(handler: SimHandler): SimHandler {
  return async (req: SimRequest): Promise<SimResponse> => {
    try {
      return await handler(req);
    } catch (error) {
      if (isSimRefusal(error)) return error.toResponse();
      throw error;
    }
  };
}

/** One request header's value (the first, when repeated). */
export function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
