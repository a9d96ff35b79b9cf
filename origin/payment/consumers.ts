import type { OriginContext } from '../context';

/** The payment context's queue consumers. */
export function registerPaymentConsumers(_ctx: OriginContext): void {}
