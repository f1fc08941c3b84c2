export * from './oracle.simulator';
