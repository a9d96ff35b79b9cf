/** Every table housekeeping prunes: the platform's own, and each served subsystem's (platform/housekeeping.ts). */
import { customerPruneRules } from './customers';
import { memberPruneRules } from './members';
import type { ContextName } from './platform/config/services';
import { PLATFORM_PRUNE_RULES, type PruneRule } from './platform/housekeeping';

const BY_SERVICE: Partial<Record<ContextName, readonly PruneRule[]>> = {
  customers: customerPruneRules,
  members: memberPruneRules,
};

export const PRUNE_RULES: readonly PruneRule[] = [...PLATFORM_PRUNE_RULES, ...customerPruneRules, ...memberPruneRules];

/** The rules an instance runs: the platform's, and those of the subsystems it serves. */
export function pruneRulesFor(local: readonly ContextName[]): readonly PruneRule[] {
  return [...PLATFORM_PRUNE_RULES, ...local.flatMap((name) => BY_SERVICE[name] ?? [])];
}
