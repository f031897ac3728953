// The open incidents the dispatch timer works on, kept in memory between ticks. Listing the whole
// collection parses every stored incident, so the timer lists it once. After that it re-reads
// only the incidents that commands and field responses wrote since the last tick.
import type { Incident } from '../../../src-shared/dispatch/index.js';
import {
  DISPATCH_COLLECTIONS,
  IncidentRecord,
  isOpenState,
} from '../../../src-shared/dispatch/index.js';
import type { DomainContext } from '../types.js';
import { DispatchRejection } from './errors.js';
import { parseStored, readIncident } from './store.js';

export class OpenIncidents {
  private readonly incidents = new Map<string, Incident>();
  private readonly written = new Set<string>();
  private loaded = false;

  /** Marks an incident as written, so the next refresh reads it again. */
  note(incidentId: string): void {
    this.written.add(incidentId);
  }

  /**
   * Brings the set up to date and returns it. The first call lists the collection; later calls
   * re-read the noted incidents only. Records that fail their schema are passed to `onCorrupt`
   * and left out.
   */
  refresh(
    context: DomainContext,
    onCorrupt: (error: DispatchRejection) => void,
  ): Incident[] {
    if (!this.loaded) {
      this.loadAll(context, onCorrupt);
    } else {
      for (const id of this.written) {
        this.reload(context, id, onCorrupt);
      }
    }
    this.written.clear();
    return [...this.incidents.values()];
  }

  private loadAll(
    context: DomainContext,
    onCorrupt: (error: DispatchRejection) => void,
  ): void {
    this.incidents.clear();
    for (const record of context.list(DISPATCH_COLLECTIONS.incident)) {
      const incident = guarded(
        () => parseStored(IncidentRecord, record),
        onCorrupt,
      );
      if (incident !== null && isOpenState(incident.state)) {
        this.incidents.set(incident.id, incident);
      }
    }
    this.loaded = true;
  }

  private reload(
    context: DomainContext,
    id: string,
    onCorrupt: (error: DispatchRejection) => void,
  ): void {
    const incident = guarded(() => readIncident(context, id), onCorrupt);
    if (incident !== null && isOpenState(incident.state)) {
      this.incidents.set(id, incident);
    } else {
      this.incidents.delete(id);
    }
  }
}

function guarded<T>(
  read: () => T | null,
  onCorrupt: (error: DispatchRejection) => void,
): T | null {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof DispatchRejection)) {
      throw error;
    }
    onCorrupt(error);
    return null;
  }
}
