import pino, { Logger } from 'pino';

/**
 * Paths redacted from every log line: credentials, tokens, API keys and card data, wherever a caller nests them.
 * Card numbers are refused at input; this is the second fence.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-router-secret"]',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.authorization',
  '*.Authorization',
  '*.password',
  '*.client_secret',
  '*.access_token',
  '*.token',
  '*.apiKey',
  '*.cardNumber',
  '*.cardToken',
  '*.cardCVV',
  'variables',
  '*.variables',
];

/** The process logger: JSON lines (pino) with redaction. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'orders-subgraph' } }, destination);
}
