export * from './errors';
export * from './runtime';
export * from './service-kit.module';
export * from './run-service';
export * from './validation';
export * from './platform-activities';
export * from './consumers';
