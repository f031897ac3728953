// State that one dispatch domain instance shares between its command handlers and its timer. The
// central hands them different context objects, so this state cannot live on a context.
import { AuditTrail } from './audit.js';
import { OpenIncidents } from './open-incidents.js';

export interface DispatchServices {
  audit: AuditTrail;
  /** Open incidents for the timer; every writer of an incident notes its id here. */
  incidents: OpenIncidents;
}

export function createDispatchServices(): DispatchServices {
  return { audit: new AuditTrail(), incidents: new OpenIncidents() };
}
