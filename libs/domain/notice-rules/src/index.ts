export * from './masking';
export * from './notice-period';
export * from './notice-status';
export * from './rate-limit';
export * from './receipt-code';
