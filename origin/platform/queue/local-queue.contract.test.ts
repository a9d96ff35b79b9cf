import { runQueueContract } from '../../../test/support/queue-contract';
import { localQueueHarness } from '../../../test/support/queue-harness';

runQueueContract('local driver (in-process relay)', localQueueHarness);
