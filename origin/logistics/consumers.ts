import type { OriginContext } from '../context';

/** The logistics context's queue consumers (to be written). */
export function registerLogisticsConsumers(_ctx: OriginContext): void {}
