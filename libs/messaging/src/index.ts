export * from './outbox';
export * from './relay';
export * from './kafka';
export * from './consumer';
