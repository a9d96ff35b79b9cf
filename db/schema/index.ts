export * from './catalog';
export * from './inventory';
export * from './outbox';
