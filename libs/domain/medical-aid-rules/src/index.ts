export * from './fen';
export * from './settlement';
export * from './monthly-report';
export * from './illustrative-policy';
