export * from './fen';
export * from './settlement';
