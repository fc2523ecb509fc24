export * from './hash-chain';
export * from './audit-trail';
