/** The executors `GRAPHQL_EXECUTOR` names: graphql-jit's compiled queries, or graphql-js's interpreter. */
export const EXECUTORS = ['jit', 'graphql'] as const;

/** Which executor runs operations once Apollo Server has validated them. */
export type ExecutorKind = (typeof EXECUTORS)[number];
