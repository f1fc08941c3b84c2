export * from './adobe.simulator';
