export * from './sql-client';
export * from './prisma-factory';
export * from './idempotency';
