export * from './microcredit';
export * from './credit-code';
export * from './project-funds';
export * from './dividends';
export * from './menu';
