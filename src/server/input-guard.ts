import { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema, isUnionType, Kind, visit } from 'graphql';
import { ErrorCode } from '../common/errors';
import { containsCardNumber } from '../common/validation/card-number';
import { RequestContext } from '../context';
import { MAX_REPRESENTATIONS } from './limits';

function badInput(message: string, field: string[]): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } } });
}

/** Deepest nesting of variables the guard walks; past it the request is refused rather than walked further. */
export const MAX_VARIABLE_DEPTH = 64;

/** A value the scan has yet to look at, with the way to it (linked, so a path is built only for what is found). */
interface Pending {
  value: unknown;
  key: string;
  parent: Pending | null;
  depth: number;
}

function pathOf(entry: Pending): string[] {
  const path: string[] = [];
  for (let at: Pending | null = entry; at; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * The path of the first value holding a card number, walking variables to any depth up to MAX_VARIABLE_DEPTH; null
 * when there is none. Numbers are scanned as the text GraphQL makes of them: an `ID` input coerces 4111111111111111
 * to "4111111111111111". Walked with a stack of its own: a deeply nested value can neither overflow the call stack
 * nor cost a copy of its path at every level.
 */
function findCardNumber(root: unknown, rootKey: string): string[] | null {
  const stack: Pending[] = [{ value: root, key: rootKey, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (typeof value === 'string') {
      if (containsCardNumber(value)) return pathOf(entry);
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      if (containsCardNumber(String(value))) return pathOf(entry);
    } else if (value !== null && typeof value === 'object') {
      if (entry.depth >= MAX_VARIABLE_DEPTH) throw badInput(`Variables nest more than ${MAX_VARIABLE_DEPTH} levels deep`, pathOf(entry));
      const children = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      // Pushed last to first, so that the first value in document order is found first.
      for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i][1], key: children[i][0], parent: entry, depth: entry.depth + 1 });
    }
  }
  return null;
}

/** What the guard needs from a parsed document, which does not depend on the variables. */
interface DocumentFacts {
  cardLiteral: boolean;
  /** The `__typename` of each representation written in the document (null: not an object with a string one). */
  literalTypenames: (string | null)[];
  representationVariables: string[];
}

/** Apollo reuses the parsed document of a repeated operation, so its facts are computed once per document. */
const factsByDocument = new WeakMap<DocumentNode, DocumentFacts>();

function documentFacts(document: DocumentNode): DocumentFacts {
  const known = factsByDocument.get(document);
  if (known) return known;
  const facts: DocumentFacts = { cardLiteral: false, literalTypenames: [], representationVariables: [] };
  visit(document, {
    StringValue(node) {
      if (containsCardNumber(node.value)) facts.cardLiteral = true;
    },
    // An ID argument or input field coerces a whole number to its digits.
    IntValue(node) {
      if (containsCardNumber(node.value)) facts.cardLiteral = true;
    },
    FloatValue(node) {
      if (containsCardNumber(node.value)) facts.cardLiteral = true;
    },
    // Client-chosen names (the operation's, aliases, variables, fragments) reach logs and metrics as they are.
    Name(node) {
      if (containsCardNumber(node.value)) facts.cardLiteral = true;
    },
    Field(node) {
      if (node.name.value !== '_entities') return;
      const arg = node.arguments?.find((a) => a.name.value === 'representations');
      if (arg?.value.kind === Kind.LIST) {
        for (const value of arg.value.values) {
          const typename = value.kind === Kind.OBJECT ? value.fields.find((f) => f.name.value === '__typename')?.value : undefined;
          facts.literalTypenames.push(typename?.kind === Kind.STRING ? typename.value : null);
        }
      }
      if (arg?.value.kind === Kind.VARIABLE) facts.representationVariables.push(arg.value.name.value);
    },
  });
  factsByDocument.set(document, facts);
  return facts;
}

/** The entity types of each schema, by name: what a representation's `__typename` may be. */
const entityTypesBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

function entityTypes(schema: GraphQLSchema): ReadonlySet<string> {
  let names = entityTypesBySchema.get(schema);
  if (!names) {
    const union = schema.getType('_Entity');
    names = new Set(isUnionType(union) ? union.getTypes().map((t) => t.name) : []);
    entityTypesBySchema.set(schema, names);
  }
  return names;
}

/**
 * Every representation is an object whose `__typename` names an entity type of this subgraph: anything else would
 * reach the federation resolver and come back as an internal error quoting the client's value.
 */
function checkRepresentations(schema: GraphQLSchema, facts: DocumentFacts, variables: Record<string, unknown> | undefined): void {
  const types = entityTypes(schema);
  const refuse = (i: number): never => {
    throw badInput(`Each representation is an object whose __typename is one of ${[...types].join(', ')}`, ['representations', String(i), '__typename']);
  };
  facts.literalTypenames.forEach((typename, i) => {
    if (typename === null || !types.has(typename)) refuse(i);
  });
  for (const name of facts.representationVariables) {
    const value: unknown = variables?.[name];
    const list: unknown[] = Array.isArray(value) ? value : [value];
    list.forEach((rep, i) => {
      const typename: unknown = rep !== null && typeof rep === 'object' && !Array.isArray(rep) ? (rep as Record<string, unknown>).__typename : undefined;
      if (typeof typename !== 'string' || !types.has(typename)) refuse(i);
    });
  }
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
        didResolveOperation({ request, document, schema }) {
          const inVariables = findCardNumber(request.variables ?? {}, 'variables');
          if (inVariables) throw badInput('Card numbers are not accepted; send a card token', inVariables);
          const facts = documentFacts(document);
          if (facts.cardLiteral) throw badInput('Card numbers are not accepted; send a card token', ['query']);
          let representations = facts.literalTypenames.length;
          for (const name of facts.representationVariables) {
            const value: unknown = request.variables?.[name];
            representations += Array.isArray(value) ? value.length : 1;
          }
          if (representations > MAX_REPRESENTATIONS) {
            throw badInput(`At most ${MAX_REPRESENTATIONS} entity representations per request`, ['representations']);
          }
          if (representations > 0) checkRepresentations(schema, facts, request.variables);
          return Promise.resolve();
        },
      });
    },
  };
}
