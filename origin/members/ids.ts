import { newId } from '../../contract/ids';

/** Ids of the members context: `stf_…` staff, `key_…` API keys. */
export const memberId = (prefix: 'stf' | 'key') => newId(prefix);
