export * from './ratio';
export * from './household-exit';
export * from './incidence';
export * from './prng';
export * from './assessment-sample';
export * from './assessment-rates';
export * from './monitoring';
