export * from './catalog';
export * from './checkout';
export * from './inventory';
export * from './orders';
export * from './outbox';
