export * from './microcredit';
