/**
 * The executors `GRAPHQL_EXECUTOR` names: `direct` (graphql-jit's compiled queries, and repeats of a compiled query
 * answered by the direct path without Apollo Server's request pipeline), `jit` (compiled queries, always through
 * Apollo Server) or `graphql` (graphql-js's interpreter).
 */
export const EXECUTORS = ['direct', 'jit', 'graphql'] as const;

/** Which executor runs operations once Apollo Server has validated them. */
export type ExecutorKind = (typeof EXECUTORS)[number];
