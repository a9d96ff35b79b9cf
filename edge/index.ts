import { app } from './app';

export { CartObject } from './cart/cart-object';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
