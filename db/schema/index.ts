export * from './catalog';
export * from './checkout';
export * from './inventory';
export * from './logistics';
export * from './orders';
export * from './outbox';
export * from './payment';
export * from './webhooks';
