import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../src-shared/contract/index.js';
import { CountyAlertGenerator } from '../../src-central/adapters/county.js';
import {
  open311Alert,
  parseOpen311Csv,
  type Open311Record,
} from '../../src-central/adapters/open311.js';
import { loadDivisions } from '../../src-central/data/divisions.js';
import { loadEventCodes } from '../../src-central/data/event-codes.js';
import { DATA_FILES, DEFAULT_DATA_DIR } from '../../src-central/data/paths.js';
import type { CacheEvent } from '../../src-main/services/cache/index.js';

/**
 * Source of the console's real event rows for benchmarks: alerts from the county scenario
 * generator and from the bundled Open311 sample, alternating, published at `ratePerSecond`
 * starting at `startAt`. Open311 rows repeat with a new id once the sample runs out.
 */
export class EventRows {
  private readonly county: CountyAlertGenerator;
  private readonly open311: Open311Record[];
  private seq = 0;

  constructor(
    private readonly startAt: number,
    private readonly ratePerSecond: number,
    seed = 20_261_204,
  ) {
    this.county = new CountyAlertGenerator({
      divisions: loadDivisions(join(DEFAULT_DATA_DIR, DATA_FILES.divisions)),
      codes: loadEventCodes(join(DEFAULT_DATA_DIR, DATA_FILES.codes)),
      seed,
    });
    const csv = readFileSync(
      join(DEFAULT_DATA_DIR, DATA_FILES.open311),
      'utf8',
    );
    this.open311 = parseOpen311Csv(csv).records;
  }

  /** Instant of the event with sequence `seq`. */
  timeOf(seq: number): number {
    return this.startAt + Math.floor(((seq - 1) * 1000) / this.ratePerSecond);
  }

  next(): CacheEvent {
    this.seq += 1;
    const at = this.timeOf(this.seq);
    return {
      seq: this.seq,
      at,
      body: { kind: 'alert.created', alert: this.alert(at) },
    };
  }

  batch(size: number): CacheEvent[] {
    return Array.from({ length: size }, () => this.next());
  }

  private alert(at: number): Alert {
    if (this.seq % 2 === 0 || this.open311.length === 0) {
      return this.county.next(at).alert;
    }
    const index = Math.floor(this.seq / 2);
    const record = this.open311[index % this.open311.length] as Open311Record;
    const alert = open311Alert(record, at);
    return {
      ...alert,
      id: `${alert.id}:${Math.floor(index / this.open311.length)}`,
      occurredAt: at,
    };
  }
}
