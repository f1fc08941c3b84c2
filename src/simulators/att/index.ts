export * from './att.simulator';
