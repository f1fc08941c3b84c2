import { buildSchema, OperationDefinitionNode, parse } from 'graphql';
import { compileQuery, CompiledQuery } from 'graphql-jit';
import { OperationPlans, PlannedOperation } from '../../../src/server/direct-path';

const schema = buildSchema('type Query { a: Int }');

/** A real plan: the document parsed and compiled, as the executor hands it over. */
function planOf(source: string): PlannedOperation {
  const document = parse(source);
  const compiled = compileQuery(schema, document) as CompiledQuery;
  return { queryHash: 'h', document, operation: document.definitions[0] as OperationDefinitionNode, compiled };
}

describe('OperationPlans', () => {
  it('finds a plan by document text and the operation name asked for (none, null and undefined alike)', () => {
    const plans = new OperationPlans();
    const plan = planOf('query Q { a }');
    plans.remember('query Q { a }', undefined, plan);
    plans.remember('query Q { a }', 'Q', plan);
    expect(plans.find('query Q { a }')).toBe(plan);
    expect(plans.find('query Q { a }', null)).toBe(plan);
    expect(plans.find('query Q { a }', 'Q')).toBe(plan);
    expect(plans.find('query Q { a }', 'Other')).toBeUndefined();
    expect(plans.find('query Q { a } ')).toBeUndefined();
  });

  it('never remembers a document longer than its limit', () => {
    const plans = new OperationPlans({ documents: 10, sourceBytes: 1000, documentBytes: 40 });
    const long = `query Q { a }${' '.repeat(40)}`;
    plans.remember(long, undefined, planOf(long));
    expect(plans.find(long)).toBeUndefined();
    expect(plans.size).toBe(0);
  });

  it('starts over past the number of documents or their total length: what it holds stays bounded', () => {
    const byCount = new OperationPlans({ documents: 3, sourceBytes: 1000, documentBytes: 100 });
    for (let i = 0; i < 3; i++) byCount.remember(`query Q${i} { a }`, undefined, planOf(`query Q${i} { a }`));
    expect(byCount.size).toBe(3);
    byCount.remember('query Q3 { a }', undefined, planOf('query Q3 { a }'));
    expect(byCount.size).toBe(1);
    expect(byCount.find('query Q0 { a }')).toBeUndefined();
    expect(byCount.find('query Q3 { a }')).toBeDefined();

    const byLength = new OperationPlans({ documents: 100, sourceBytes: 40, documentBytes: 100 });
    byLength.remember('query A { a }', undefined, planOf('query A { a }'));
    byLength.remember('query B { a }', undefined, planOf('query B { a }'));
    byLength.remember('query C { a }', undefined, planOf('query C { a }'));
    expect(byLength.size).toBe(3);
    byLength.remember('query D { a }', undefined, planOf('query D { a }'));
    expect(byLength.size).toBe(1);
    expect(byLength.find('query D { a }')).toBeDefined();
  });
});
