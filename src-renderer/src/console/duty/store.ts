// The duty view's state: every duty collection from the records cache, kept current by change
// batches, parsed into typed lists, plus the commands this view sent and the central's rejections.
import {
  computed,
  ref,
  shallowRef,
  triggerRef,
  type ComputedRef,
  type Ref,
  type ShallowRef,
} from 'vue';
import type { z } from 'zod';
import type { StoredRecord } from '../../../../src-shared/contract/records.js';
import {
  CheckInSchema,
  DailyReportSchema,
  DUTY_COLLECTIONS,
  DUTY_SETTINGS_ID,
  DutyAlarmSchema,
  DutyLogEntrySchema,
  DutyPersonSchema,
  DutyPostSchema,
  DutyRosterSchema,
  DutySettingsSchema,
  HandoverRecordSchema,
  HolidayYearRecordSchema,
  ReportingPolicySchema,
  ShiftTemplateSchema,
  SubstitutionRecordSchema,
  SwapRecordSchema,
  type DutySettings,
} from '../../../../src-shared/roster/records.js';
import type {
  CommandRejection,
  RecordsSource,
} from '../../stores/records-source.js';
import {
  applyRecordChanges,
  mapOfRecords,
  parseRecords,
  type Parsed,
} from './record-maps.js';

const COLLECTIONS = Object.values(DUTY_COLLECTIONS);

/** Maximum number of rejections kept for the banner. Older ones scroll away. */
const REJECTION_LIMIT = 5;

export interface SentCommand {
  name: string;
  commandId: string;
  installSeq: number;
  at: number;
}

export type DutyStore = ReturnType<typeof createDutyStore>;

/** Builds the store over a source. Call `start()` to load and `stop()` to unsubscribe. */
export function createDutyStore(source: RecordsSource) {
  const maps = new Map<string, ShallowRef<Map<string, StoredRecord>>>(
    COLLECTIONS.map((name) => [
      name,
      shallowRef(new Map<string, StoredRecord>()),
    ]),
  );
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  const rejections = shallowRef<readonly CommandRejection[]>([]);
  const sent = shallowRef<readonly SentCommand[]>([]);
  const unsubscribers: (() => void)[] = [];

  function mapRef(collection: string): ShallowRef<Map<string, StoredRecord>> {
    const found = maps.get(collection);
    if (!found) {
      throw new Error(
        `Internal error: duty store has no collection ${collection}; add it to DUTY_COLLECTIONS.`,
      );
    }
    return found;
  }

  function parsed<T>(
    collection: string,
    schema: z.ZodType<T>,
  ): ComputedRef<Parsed<T>> {
    const holder = mapRef(collection);
    return computed(() => parseRecords(holder.value, schema));
  }

  async function load(): Promise<void> {
    try {
      const lists = await Promise.all(
        COLLECTIONS.map((name) => source.list(name)),
      );
      COLLECTIONS.forEach((name, index) => {
        mapRef(name).value = mapOfRecords(lists[index] ?? []);
      });
      loaded.value = true;
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  function start(): Promise<void> {
    unsubscribers.push(
      source.onChange((changes) => {
        const current = new Map(
          [...maps].map(([name, holder]) => [name, holder.value]),
        );
        for (const name of applyRecordChanges(current, changes)) {
          triggerRef(mapRef(name));
        }
      }),
      source.onReset(() => {
        void load();
      }),
      source.onRejection((rejection) => {
        if (rejection.name.startsWith('duty.')) {
          rejections.value = [rejection, ...rejections.value].slice(
            0,
            REJECTION_LIMIT,
          );
        }
      }),
    );
    return load();
  }

  function stop(): void {
    for (const unsubscribe of unsubscribers.splice(0)) {
      unsubscribe();
    }
  }

  /**
   * Queues a command through the outbox. The result comes back as record changes or a rejection.
   */
  async function submit(
    name: string,
    payload: Record<string, unknown>,
  ): Promise<SentCommand> {
    const receipt = await source.submit(name, payload);
    const entry = { name, ...receipt, at: source.serverNow() };
    sent.value = [entry, ...sent.value].slice(0, 20);
    return entry;
  }

  function dismissRejection(commandId: string): void {
    rejections.value = rejections.value.filter(
      (r) => r.commandId !== commandId,
    );
  }

  const settingsHolder = mapRef(DUTY_COLLECTIONS.settings);
  const settings: ComputedRef<DutySettings | null> = computed(() => {
    const record = settingsHolder.value.get(DUTY_SETTINGS_ID);
    const result = record ? DutySettingsSchema.safeParse(record.data) : null;
    return result?.success ? result.data : null;
  });

  return {
    loaded: loaded as Readonly<Ref<boolean>>,
    loadError: loadError as Readonly<Ref<string | null>>,
    rejections,
    sent,
    people: parsed(DUTY_COLLECTIONS.person, DutyPersonSchema),
    posts: parsed(DUTY_COLLECTIONS.post, DutyPostSchema),
    templates: parsed(DUTY_COLLECTIONS.shiftTemplate, ShiftTemplateSchema),
    rosters: parsed(DUTY_COLLECTIONS.roster, DutyRosterSchema),
    substitutions: parsed(
      DUTY_COLLECTIONS.substitution,
      SubstitutionRecordSchema,
    ),
    swaps: parsed(DUTY_COLLECTIONS.swap, SwapRecordSchema),
    checkIns: parsed(DUTY_COLLECTIONS.checkIn, CheckInSchema),
    log: parsed(DUTY_COLLECTIONS.logEntry, DutyLogEntrySchema),
    handovers: parsed(DUTY_COLLECTIONS.handover, HandoverRecordSchema),
    policies: parsed(DUTY_COLLECTIONS.reportingPolicy, ReportingPolicySchema),
    alarms: parsed(DUTY_COLLECTIONS.alarm, DutyAlarmSchema),
    dailyReports: parsed(DUTY_COLLECTIONS.dailyReport, DailyReportSchema),
    holidayYears: parsed(DUTY_COLLECTIONS.holidayYear, HolidayYearRecordSchema),
    settings,
    start,
    stop,
    load,
    submit,
    dismissRejection,
    now: () => source.serverNow(),
  };
}
