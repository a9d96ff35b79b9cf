/** Every table housekeeping prunes: the platform's own, and each context's (see platform/housekeeping.ts). */

import { customerPruneRules } from './customers';
import { memberPruneRules } from './members';
import { PLATFORM_PRUNE_RULES, type PruneRule } from './platform/housekeeping';

export const PRUNE_RULES: readonly PruneRule[] = [...PLATFORM_PRUNE_RULES, ...customerPruneRules, ...memberPruneRules];
