// @fupin/auth — who the caller is (verified JWT → Principal) and what they may do (roles, jurisdiction).
// The CLIs (src/cli) and the Jest helper (src/testing) are deliberately not exported.
export * from './roles';
export * from './verifier';
export * from './dev-issuer';
export * from './nest/decorators';
export * from './nest/auth.guard';
export * from './nest/auth.module';
