export * from './resident-id';
export * from './division';
