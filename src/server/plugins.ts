import { ApolloServerPlugin } from '@apollo/server';
import { Logger } from 'pino';
import { ErrorCode } from '../common/errors';
import { RequestContext } from '../context';
import { StoreUnavailableError, VendorFaultError } from '../common/errors';
import { scrubMessage } from './format-error';
import { safeName } from './client-text';
import { withoutRedaction } from '../logger';

/** Paths listed on one log line of repeated errors; the count says how many there were. */
const MAX_LOGGED_PATHS = 10;

/**
 * Logs every error of an operation with the request id (with the detail that the client never sees), and adds the
 * request id to masked errors so a client can quote it to support. Errors alike (same level, code, message and
 * detail, as many aliases of one refused field give) are one line with their `count` and first paths: a document
 * of many aliases neither floods the logs nor pays for a line per alias. A warning line holds only the request id,
 * the code, the operation name, paths, a count and the vendor's detail text: no object a credential could hide in,
 * so it skips the redaction pass (`withoutRedaction`). An unexpected error's line carries the error object and keeps
 * it.
 */
export function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  const plain = withoutRedaction(logger);
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ contextValue, errors, operationName }) {
          const lines = new Map<string, { level: 'error' | 'warn'; fields: Record<string, unknown>; message: string; paths: unknown[]; count: number }>();
          for (const error of errors) {
            const original = error.originalError;
            const code = (error.extensions?.code as string | undefined) ?? ErrorCode.INTERNAL_SERVER_ERROR;
            const detail = original instanceof VendorFaultError || original instanceof StoreUnavailableError ? original.detail : undefined;
            const level = original && !(original instanceof VendorFaultError) && !('extensions' in original) ? 'error' : 'warn';
            const message = scrubMessage(error.message);
            // Unexpected errors keep a line each, with their own stack.
            const key = level === 'error' ? `${lines.size}` : `${code}\u0000${message}\u0000${detail ?? ''}`;
            const line = lines.get(key);
            if (line) {
              line.count++;
              if (line.paths.length < MAX_LOGGED_PATHS) line.paths.push(error.path);
              continue;
            }
            const fields = { code, operationName: safeName(operationName), path: error.path, detail, err: level === 'error' ? original : undefined };
            lines.set(key, { level, fields, message, paths: [error.path], count: 1 });
          }
          if (!contextValue) return Promise.resolve();
          for (const { level, fields, message, paths, count } of lines.values()) {
            const line = count > 1 ? { ...fields, count, paths } : fields;
            if (level === 'error') contextValue.log.error(line, message);
            else plain.warn({ requestId: contextValue.requestId, ...line }, message);
          }
          return Promise.resolve();
        },
        willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return Promise.resolve();
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR ? { ...e, extensions: { ...e.extensions, requestId: contextValue?.requestId } } : e,
          );
          return Promise.resolve();
        },
      });
    },
  };
}
