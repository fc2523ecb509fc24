export * from './housing-area';
