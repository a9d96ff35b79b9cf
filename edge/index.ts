import { app } from './app';

export { CartObject } from './cart/cart-object';
export { RateLimiter } from './gateway/rate-limiter-object';
export { ShopperAccount } from './members/account-object';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
