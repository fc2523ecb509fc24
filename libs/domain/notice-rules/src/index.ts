export * from './masking';
export * from './notice-period';
