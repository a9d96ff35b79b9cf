/**
 * The services the subsystems offer each other (platform/rpc.ts), for the routes that answer
 * them on the instances serving them.
 */
import { catalogService } from './catalog';
import { customersService } from './customers';
import { inventoryService } from './inventory';
import { logisticsService } from './logistics';
import { membersService } from './members';
import { ordersService } from './orders';
import type { OriginContext } from './platform/context';
import type { RpcMethod, RpcService } from './platform/rpc';
import { ratingService } from './rating';

const SERVICES = [
  catalogService,
  customersService,
  inventoryService,
  logisticsService,
  membersService,
  ordersService,
  ratingService,
] as unknown as RpcService<Record<string, RpcMethod>>[];

/** The services this instance answers (those of the subsystems it serves). */
export function localServices(ctx: OriginContext): RpcService<Record<string, RpcMethod>>[] {
  return SERVICES.filter((s) => (ctx.config.services.local as readonly string[]).includes(s.name));
}
