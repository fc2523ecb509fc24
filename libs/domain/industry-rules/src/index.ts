export * from './microcredit';
export * from './credit-code';
