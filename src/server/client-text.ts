import { containsCardNumber, redactCardNumbers } from '../common/validation/card-number';

/** A GraphQL name: the only client-chosen text that may be repeated in an error or a log line as it is. */
export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Names as GraphQL's own messages quote them: `$variable`, `@directive`, `Type.field`, `[Type!]!`. */
const QUOTED_NAME = /^(?:[$@]?[_A-Za-z][_0-9A-Za-z]{0,63}(?:\.[_A-Za-z][_0-9A-Za-z]{0,63})?|\[*[_A-Za-z][_0-9A-Za-z]{0,63}!?(?:\]!?)*)$/;
/** What stands in for client text that is not a name. */
export const REDACTED = '[redacted]';
/** Longest message passed on: GraphQL's own are far shorter; anything longer is carrying client text. */
const MAX_MESSAGE = 300;

/** A client-chosen name (operationName, say) fit for a log line or an error: itself when a GraphQL name, else redacted. */
export function safeName(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && GRAPHQL_NAME.test(value) && !containsCardNumber(value) ? value : REDACTED;
}

/**
 * A message that may quote client input, made safe to show or log: quoted text that is not a GraphQL name is
 * redacted, values that GraphQL's coercion and Apollo's parsing quote after a colon are cut, card numbers are
 * redacted wherever they are, and the whole is truncated.
 */
export function redactClientText(message: string): string {
  let text = message
    // "Variable "$x" got invalid value {...}; ..." and "... cannot represent a non string value: {...}"
    .replace(/got invalid value .*?(;|$)/s, `got invalid value ${REDACTED}$1`)
    .replace(/(cannot represent[^:]*: ).*$/s, `$1${REDACTED}`)
    .replace(/(Expected (?:value of )?type "[^"]*", found ).*?(; |\.$|$)/s, `$1${REDACTED}$2`)
    .replace(/"((?:[^"\\]|\\.)*)"/g, (whole: string, inner: string) => (QUOTED_NAME.test(inner) ? whole : `"${REDACTED}"`))
    .replace(/'((?:[^'\\]|\\.)*)'/g, (whole: string, inner: string) => (QUOTED_NAME.test(inner) ? whole : `'${REDACTED}'`));
  text = redactCardNumbers(text);
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
