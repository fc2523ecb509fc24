export * from './messages';
export * from './resident-id';
export * from './divisions';
export * from './enumerations';
export * from './income';
