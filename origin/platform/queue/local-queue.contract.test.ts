import { runQueueContract } from '../../../test/support/qstash/queue-contract';
import { localQueueHarness } from '../../../test/support/qstash/queue-harness';

runQueueContract('local driver (in-process relay)', localQueueHarness);
