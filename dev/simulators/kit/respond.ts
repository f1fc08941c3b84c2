import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/** What a route handler answers. Object bodies are sent as JSON; strings and Buffers as they are. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Encoded {
  status: number;
  headers: Record<string, string>;
  payload: Buffer;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Serialises a {@link SimResponse}, adding content-type and content-length. */
export function encodeResponse(r: SimResponse): Encoded {
  const headers: Record<string, string> = { ...r.headers };
  let payload: Buffer = Buffer.alloc(0);
  const noBody = r.status === 204 || r.status === 304 || r.body === undefined;
  if (!noBody) {
    if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) {
      payload = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
    } else {
      payload = Buffer.from(JSON.stringify(r.body), 'utf8');
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    }
  }
  if (r.status !== 204 && r.status !== 304) headers['content-length'] = String(payload.length);
  return { status: r.status, headers, payload };
}

/** Sends a complete response; does nothing if the client has already gone. */
export function sendResponse(res: ServerResponse, r: SimResponse): void {
  if (res.destroyed || res.headersSent) return;
  const e = encodeResponse(r);
  res.writeHead(e.status, e.headers);
  res.end(e.payload);
}

/** Resolves after `ms`, or early with `false` when the simulator shuts down. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams a syntactically valid JSON object of exactly `bytes` bytes in 64 KiB chunks, honouring back-pressure, so
 * that the simulator's own memory stays flat however large the body. Without `contentLength` it is sent chunked,
 * which is the harder case for a client's size cap.
 */
export async function streamHugeJson(res: ServerResponse, bytes: number, contentLength: boolean, signal: AbortSignal): Promise<void> {
  const prefix = Buffer.from('{"padding":"');
  const suffix = Buffer.from('"}');
  const fillTotal = Math.max(0, bytes - prefix.length - suffix.length);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (contentLength) headers['content-length'] = String(prefix.length + fillTotal + suffix.length);
  res.writeHead(200, headers);
  const chunk = Buffer.alloc(64 * 1024, 0x78);
  let left = fillTotal;
  if (!res.write(prefix)) await waitForDrain(res);
  while (left > 0) {
    if (res.destroyed || signal.aborted) return;
    const n = Math.min(left, chunk.length);
    left -= n;
    if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) await waitForDrain(res);
  }
  if (res.destroyed || signal.aborted) return;
  res.end(suffix);
}

/** Sends the headers at once, then the real body in `chunks` pieces, one every `intervalMs`. */
export async function dripResponse(res: ServerResponse, r: SimResponse, intervalMs: number, chunks: number, signal: AbortSignal): Promise<void> {
  const e = encodeResponse(r);
  res.writeHead(e.status, e.headers);
  res.flushHeaders();
  const pieces = Math.max(1, Math.min(chunks, e.payload.length));
  const size = Math.ceil(e.payload.length / pieces);
  for (let offset = 0; offset < e.payload.length; offset += size) {
    if (!(await sleep(intervalMs, signal)) || res.destroyed) return;
    res.write(e.payload.subarray(offset, offset + size));
  }
  if (!res.destroyed) res.end();
}

/** Declares a content-length larger than what it sends, then closes the connection. */
export function sendTruncated(res: ServerResponse): void {
  const partial = Buffer.from('{"id":"trunc-1","state":"Subm');
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(partial.length + 4096) });
  res.write(partial, () => {
    res.socket?.end();
  });
}
