export * from './roles';
export * from './verifier';
export * from './dev-issuer';
export * from './nest/decorators';
export * from './nest/auth.guard';
export * from './nest/auth.module';
