export * from './connection';
export * from './worker';
export * from './bundle';
export * from './activity-keys';
