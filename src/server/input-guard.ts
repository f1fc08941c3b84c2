import { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { ErrorCode } from '../common/errors';
import { containsCardNumber } from '../common/validation/card-number';
import { RequestContext } from '../context';
import { MAX_REPRESENTATIONS } from './limits';

function badInput(message: string, field: string[]): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } } });
}

/** The path of the first string holding a card number, walking variables deeply; null when there is none. */
function findCardNumber(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return containsCardNumber(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findCardNumber(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findCardNumber(child, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** What the guard needs from a parsed document, which does not depend on the variables. */
interface DocumentFacts {
  cardLiteral: boolean;
  literalRepresentations: number;
  representationVariables: string[];
}

/** Apollo reuses the parsed document of a repeated operation, so its facts are computed once per document. */
const factsByDocument = new WeakMap<DocumentNode, DocumentFacts>();

function documentFacts(document: DocumentNode): DocumentFacts {
  const known = factsByDocument.get(document);
  if (known) return known;
  const facts: DocumentFacts = { cardLiteral: false, literalRepresentations: 0, representationVariables: [] };
  visit(document, {
    StringValue(node) {
      if (containsCardNumber(node.value)) facts.cardLiteral = true;
    },
    Field(node) {
      if (node.name.value !== '_entities') return;
      const arg = node.arguments?.find((a) => a.name.value === 'representations');
      if (arg?.value.kind === Kind.LIST) facts.literalRepresentations += arg.value.values.length;
      if (arg?.value.kind === Kind.VARIABLE) facts.representationVariables.push(arg.value.name.value);
    },
  });
  factsByDocument.set(document, facts);
  return facts;
}

/**
 * Checks every operation before it executes: a full card number anywhere in its variables or literals is refused
 * (cards travel only as tokens, and the value is never echoed), and `_entities` may carry at most
 * MAX_REPRESENTATIONS representations.
 */
export function inputGuardPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        // Apollo awaits this hook inside its own try, so a throw here is refused like a rejected promise.
        didResolveOperation({ request, document }) {
          const inVariables = findCardNumber(request.variables ?? {}, ['variables']);
          if (inVariables) throw badInput('Card numbers are not accepted; send a card token', inVariables);
          const facts = documentFacts(document);
          if (facts.cardLiteral) throw badInput('Card numbers are not accepted; send a card token', ['query']);
          let representations = facts.literalRepresentations;
          for (const name of facts.representationVariables) {
            const value: unknown = request.variables?.[name];
            representations += Array.isArray(value) ? value.length : 1;
          }
          if (representations > MAX_REPRESENTATIONS) {
            throw badInput(`At most ${MAX_REPRESENTATIONS} entity representations per request`, ['representations']);
          }
          return Promise.resolve();
        },
      });
    },
  };
}
