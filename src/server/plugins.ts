import { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../common/errors';
import { RequestContext } from '../context';
import { VendorFaultError } from '../common/errors';
import { scrubMessage } from './format-error';
import { safeName } from './client-text';

/**
 * Logs every error of an operation with the request id (with the detail that the client never sees), and adds the
 * request id to masked errors so a client can quote it to support.
 */
export function errorLoggingPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            const original = error.originalError;
            const code = (error.extensions?.code as string | undefined) ?? ErrorCode.INTERNAL_SERVER_ERROR;
            const detail = original instanceof VendorFaultError ? original.detail : undefined;
            const level = original && !(original instanceof VendorFaultError) && !('extensions' in original) ? 'error' : 'warn';
            contextValue?.log?.[level](
              { code, operationName: safeName(operationName), path: error.path, detail, err: level === 'error' ? original : undefined },
              scrubMessage(error.message),
            );
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
