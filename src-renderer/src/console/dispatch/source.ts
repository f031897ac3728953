// The records interface the dispatch panel reads and writes through, as the console provides it.
export type {
  CommandRejection,
  RecordsSource,
} from '../../stores/records-source.js';
export type { PendingCommand as QueuedCommand } from '../../../../src-shared/contract/ipc.js';
