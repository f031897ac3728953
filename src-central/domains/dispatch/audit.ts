// The dispatch audit trail: one `dispatch.audit` record per applied or rejected command. Ids are
// zero-padded sequence numbers, so the central's id order is the order the commands ran in.
import type { AuditRecord } from '../../../src-shared/dispatch/index.js';
import { DISPATCH_COLLECTIONS } from '../../../src-shared/dispatch/index.js';
import type { DomainContext } from '../types.js';
import { toRecordData } from './store.js';

const ID_DIGITS = 10;

/**
 * Hands out audit ids for one domain instance. The central gives the command handlers and the
 * timer separate context objects over the same records, so the counter belongs to the domain,
 * not to a context. The first append reads the last id stored, so a restarted central continues
 * the sequence instead of overwriting earlier entries. A rolled-back append leaves a gap.
 */
export class AuditTrail {
  private next: number | null = null;

  append(context: DomainContext, entry: AuditRecord): string {
    const sequence = this.next ?? lastSequence(context) + 1;
    this.next = sequence + 1;
    const id = String(sequence).padStart(ID_DIGITS, '0');
    context.put(DISPATCH_COLLECTIONS.audit, id, toRecordData(entry));
    return id;
  }
}

function lastSequence(context: DomainContext): number {
  const records = context.list(DISPATCH_COLLECTIONS.audit);
  const last = records[records.length - 1];
  const value = last === undefined ? 0 : Number.parseInt(last.id, 10);
  return Number.isFinite(value) ? value : records.length;
}
