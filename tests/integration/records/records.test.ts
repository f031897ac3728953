import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  RECORD_STREAMS,
  type ChangeBatch,
  type RecordChange,
  type StateChange,
  type StoredRecord,
} from '../../../src-shared/contract/index.js';
import {
  DEV_TOKEN,
  startCentral,
  type CentralHandle,
} from '../../../src-central/server.js';
import type {
  CentralDomain,
  DomainContext,
} from '../../../src-central/domains/types.js';
import { createConsoleCore } from '../../../src-main/core/core.js';
import { seededRandom } from '../../../src-main/services/session/index.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { waitFor } from '../services/helpers/wait.js';

const temp = createTempDirs();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
  temp.removeAll();
});

const NOTE = 'hall.note';
const NotePut = z.object({ id: z.string().min(1), text: z.string() });
const NoteRemove = z.object({ id: z.string().min(1) });

/** A small domain on the hall stream: notes that can be written and removed. */
function notesDomain(captured: {
  context: DomainContext | null;
}): CentralDomain {
  return {
    name: 'notes',
    stream: RECORD_STREAMS.hall,
    commands: {
      'hall.note-put': (context, actor, payload) => {
        const parsed = NotePut.safeParse(payload);
        if (!parsed.success) {
          return {
            outcome: 'rejected',
            error: {
              code: 'invalid-payload',
              message: 'hall.note-put needs {id, text}',
            },
          };
        }
        if (parsed.data.text.trim() === '') {
          return {
            outcome: 'rejected',
            error: { code: 'empty-text', message: 'a note needs some text' },
          };
        }
        const written = context.put(NOTE, parsed.data.id, {
          text: parsed.data.text,
          by: actor.operatorId,
        });
        return { outcome: 'applied', result: { version: written.version } };
      },
      'hall.note-remove': (context, _actor, payload) => {
        const parsed = NoteRemove.safeParse(payload);
        const removed = parsed.success
          ? context.remove(NOTE, parsed.data.id)
          : null;
        return removed === null
          ? {
              outcome: 'rejected',
              error: { code: 'note-not-found', message: 'no such note' },
            }
          : { outcome: 'applied', result: { version: removed.version } };
      },
    },
    start(context) {
      captured.context = context;
      return () => {
        captured.context = null;
      };
    },
  };
}

interface Hall {
  central: CentralHandle;
  captured: { context: DomainContext | null };
  dataDir: string;
}

async function startHall(
  dataDir = temp.make(),
  port = 0,
  extra: { maxEvents?: number } = {},
): Promise<Hall> {
  const captured: { context: DomainContext | null } = { context: null };
  const central = await startCentral({
    port,
    dataDir,
    scenario: 'none',
    heartbeatMs: 1000,
    domains: [notesDomain(captured)],
    ...extra,
  });
  cleanups.push(() => central.stop());
  return { central, captured, dataDir };
}

function startConsole(url: string, dataDir = temp.make()) {
  const core = createConsoleCore({
    centralUrl: url,
    dataDir,
    token: DEV_TOKEN,
    clientVersion: '0.0.0',
    random: seededRandom(5),
    sessionTiming: {
      backoffBaseMs: 20,
      backoffCapMs: 200,
      pingIntervalMs: 200,
    },
  });
  const changes: StateChange[] = [];
  core.state.subscribe((batch: ChangeBatch) => changes.push(...batch.changes));
  cleanups.push(() => core.stop());
  return { core, dataDir, changes };
}

function comparable(records: readonly StoredRecord[]) {
  return records.map(({ id, version, data }) => ({ id, version, data }));
}

describe('records through the session', () => {
  it('shows a queued value at once and the central value after it applies', async () => {
    const hall = await startHall();
    const { core, changes } = startConsole(hall.central.url);
    await core.start();
    await waitFor(
      'the console online',
      () => core.sessionStatus().phase === 'online',
    );

    const queued = await core.submitCommand({
      name: 'hall.note-put',
      payload: { id: 'n1', text: '检查值班电话' },
      optimistic: [
        {
          stream: RECORD_STREAMS.hall,
          collection: NOTE,
          id: 'n1',
          data: { text: '检查值班电话', by: 'local' },
        },
      ],
    });
    const optimistic = changes.find(
      (change): change is RecordChange =>
        change.type === 'record' &&
        change.record.pendingSeq === queued.installSeq,
    );
    expect(optimistic?.record.data).toEqual({
      text: '检查值班电话',
      by: 'local',
    });

    await waitFor('the note confirmed by the central', async () => {
      const [note] = await core.state.queryRecords({ collection: NOTE });
      return (
        note !== undefined &&
        note.pendingSeq === undefined &&
        note.version === 1
      );
    });
    const local = await core.state.queryRecords({ collection: NOTE });
    expect(comparable(local)).toEqual(
      comparable(hall.central.listRecords(NOTE)),
    );
    expect(local[0]?.data['by']).not.toBe('local');
  });

  it('drops the queued value of a rejected command and reports why', async () => {
    const hall = await startHall();
    const { core, changes } = startConsole(hall.central.url);
    await core.start();
    await waitFor(
      'the console online',
      () => core.sessionStatus().phase === 'online',
    );

    const queued = await core.submitCommand({
      name: 'hall.note-put',
      payload: { id: 'n2', text: '   ' },
      optimistic: [
        {
          stream: RECORD_STREAMS.hall,
          collection: NOTE,
          id: 'n2',
          data: { text: '   ' },
        },
      ],
    });
    await waitFor('the rejection', () =>
      changes.some((change) => change.type === 'command.rejected'),
    );
    const rejection = changes.find(
      (change) => change.type === 'command.rejected',
    );
    expect(rejection).toMatchObject({
      installSeq: queued.installSeq,
      commandId: queued.commandId,
      name: 'hall.note-put',
      code: 'empty-text',
    });
    expect(await core.state.queryRecords({ collection: NOTE })).toEqual([]);
    const removal = changes.filter(
      (change): change is RecordChange =>
        change.type === 'record' && change.record.id === 'n2',
    );
    expect(removal.at(-1)?.removed).toBe(true);
  });

  it('sends commands queued during an outage once, and ends equal to the central', async () => {
    const first = await startHall();
    const port = first.central.port;
    const { core } = startConsole(first.central.url);
    await core.start();
    await waitFor(
      'the console online',
      () => core.sessionStatus().phase === 'online',
    );
    await first.central.stop();
    await waitFor(
      'the console offline',
      () => core.sessionStatus().phase === 'offline',
    );

    for (let index = 1; index <= 6; index += 1) {
      await core.submitCommand({
        name: 'hall.note-put',
        payload: { id: `n${index % 3}`, text: `第${index}次` },
        optimistic: [
          {
            stream: RECORD_STREAMS.hall,
            collection: NOTE,
            id: `n${index % 3}`,
            data: { text: `第${index}次` },
          },
        ],
      });
    }
    await core.submitCommand({
      name: 'hall.note-remove',
      payload: { id: 'n0' },
    });
    const offline = await core.state.queryRecords({ collection: NOTE });
    expect(offline.map((record) => [record.id, record.data['text']])).toEqual([
      ['n0', '第6次'],
      ['n1', '第4次'],
      ['n2', '第5次'],
    ]);

    const second = await startHall(first.dataDir, port);
    await waitFor(
      'the queue to drain',
      async () => (await core.pendingCommands?.())?.length === 0,
      15_000,
    );
    await waitFor('the notes confirmed', async () => {
      const local = await core.state.queryRecords({ collection: NOTE });
      return (
        local.every((record) => record.pendingSeq === undefined) &&
        local.length === 2
      );
    });
    const central = second.central.listRecords(NOTE);
    // Six puts over three notes, each applied once: n1 and n2 twice each; n0 twice then removed.
    expect(central.map((record) => [record.id, record.version])).toEqual([
      ['n1', 2],
      ['n2', 2],
    ]);
    expect(
      comparable(await core.state.queryRecords({ collection: NOTE })),
    ).toEqual(comparable(central));
  });

  it('rebuilds a record stream from a snapshot when the log no longer reaches back', async () => {
    const hall = await startHall(temp.make(), 0, { maxEvents: 5 });
    const consoleDir = temp.make();
    let running = startConsole(hall.central.url, consoleDir);
    await running.core.start();
    await waitFor(
      'the console online',
      () => running.core.sessionStatus().phase === 'online',
    );
    await running.core.submitCommand({
      name: 'hall.note-put',
      payload: { id: 'gone', text: '将被删除' },
    });
    await waitFor(
      'the first note cached',
      async () =>
        (await running.core.state.queryRecords({ collection: NOTE })).length ===
        1,
    );
    await running.core.stop();

    const context = hall.captured.context;
    if (context === null) {
      throw new Error('the notes domain did not start');
    }
    context.transaction(() => {
      context.remove(NOTE, 'gone');
      for (let index = 0; index < 40; index += 1) {
        context.put(NOTE, `k${String(index).padStart(2, '0')}`, {
          text: `条目${index}`,
        });
      }
    });
    expect(hall.central.prune()).toBeGreaterThan(0);

    running = startConsole(hall.central.url, consoleDir);
    await running.core.start();
    await waitFor(
      'the snapshot rebuild',
      async () => {
        const local = await running.core.state.queryRecords({
          collection: NOTE,
        });
        return local.length === 40;
      },
      15_000,
    );
    expect(
      comparable(await running.core.state.queryRecords({ collection: NOTE })),
    ).toEqual(comparable(hall.central.listRecords(NOTE)));
    expect(running.changes.some((change) => change.type === 'reset')).toBe(
      true,
    );
  });

  it('rejects a command no domain knows, with a typed code', async () => {
    const hall = await startHall();
    const { core, changes } = startConsole(hall.central.url);
    await core.start();
    await waitFor(
      'the console online',
      () => core.sessionStatus().phase === 'online',
    );
    await core.submitCommand({ name: 'hall.nothing-here', payload: {} });
    await waitFor('the rejection', () =>
      changes.some((change) => change.type === 'command.rejected'),
    );
    expect(
      changes.find((change) => change.type === 'command.rejected'),
    ).toMatchObject({ code: 'unknown-command', name: 'hall.nothing-here' });
  });
});
