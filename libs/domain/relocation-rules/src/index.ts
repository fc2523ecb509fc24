export * from './housing-area';
export * from './policy';
export * from './subsidy';
export * from './sites';
export * from './actors-and-deadlines';
export * from './case-procedure';
export * from './renovation';
