export * from './databases';
export * from './kafka-broker';
export * from './wait';
export * from './pg-client';
export * from './service';
export * from './http';
