import { describe, expect, it } from 'vitest';

import type { Incident } from '../../../src-shared/dispatch/index.js';
import {
  DEFAULT_DEADLINE_CONFIG,
  isOpenState,
  sortByUrgency,
} from '../../../src-shared/dispatch/index.js';
import { createDispatchStore } from '../../../src-renderer/src/console/dispatch/store.js';
import {
  HOUR,
  makeAlert,
  makeIncident,
  makeResource,
  MINUTE,
  randomIncident,
  seededRandom,
  T0,
} from './fixtures.js';
import { MemorySource } from './memory-source.js';

function setup() {
  const source = new MemorySource();
  let counter = 0;
  const store = createDispatchStore(source, { newId: () => `id-${++counter}` });
  return { source, store };
}

function seed(source: MemorySource, incident: Incident): void {
  source.put('incident', incident.id, { ...incident });
}

function storeQueueIds(store: ReturnType<typeof setup>['store']): string[] {
  return store.queue.value.rows.map((row) => row.id);
}

function fullSortIds(
  store: ReturnType<typeof setup>['store'],
  now: number,
): string[] {
  const open = [...store.incidents.value.values()]
    .map((entry) => entry.value)
    .filter((incident) => isOpenState(incident.state));
  return sortByUrgency(open, DEFAULT_DEADLINE_CONFIG, now).map(
    (incident) => incident.id,
  );
}

describe('dispatch store loading', () => {
  it('loads every collection and orders the queue', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'low', level: 4 }));
    seed(source, makeIncident({ id: 'high', level: 1 }));
    source.put('resource', 'res-1', makeResource());
    source.put('dispatch.escalation', 'esc-1', {
      incidentId: 'high',
      milestone: 'report_to_county',
      dueAt: T0 + HOUR,
      state: 'near',
      raisedAt: T0,
      acknowledgedAt: null,
    });
    source.put('dispatch.audit', 'aud-1', {
      who: 'officer-1',
      when: T0,
      name: 'incident.command',
      incidentId: 'high',
      outcome: 'applied',
      code: null,
      summary: '受理',
    });

    await store.start();

    expect(store.loaded.value).toBe(true);
    expect(storeQueueIds(store)).toEqual(['high', 'low']);
    expect(store.resources.value.get('res-1')?.value.name).toBe('张伟');
    expect(store.escalations.value.get('esc-1')?.value.state).toBe('near');
    expect(store.audit.value.get('aud-1')?.value.summary).toBe('受理');
    store.stop();
  });

  it('keeps unreadable records out and lists them', async () => {
    const { source, store } = setup();
    source.put('incident', 'broken', { id: 'broken', state: 'nonsense' });
    seed(source, makeIncident({ id: 'fine' }));

    await store.start();

    expect(storeQueueIds(store)).toEqual(['fine']);
    expect(store.invalid.value.map((item) => item.id)).toEqual(['broken']);
    store.stop();
  });

  it('applies a change that arrives while loading', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'a' }));
    const originalList = source.list.bind(source);
    source.list = async (collection) => {
      const records = await originalList(collection);
      if (collection === 'incident') {
        source.emit([
          source.put('incident', 'late', { ...makeIncident({ id: 'late' }) }),
        ]);
      }
      return records;
    };

    await store.start();

    expect(store.incidents.value.has('late')).toBe(true);
    expect(store.queue.value.rows.map((row) => row.id).sort()).toEqual([
      'a',
      'late',
    ]);
    store.stop();
  });
});

describe('dispatch store restart', () => {
  it('drops records removed while stopped', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'kept' }));
    seed(source, makeIncident({ id: 'gone' }));
    await store.start();
    store.stop();

    source.remove('incident', 'gone');
    await store.start();

    expect([...store.incidents.value.keys()]).toEqual(['kept']);
    expect(storeQueueIds(store)).toEqual(['kept']);
    expect(store.alertIncident.value.has('alert-of-gone')).toBe(false);
    store.stop();
  });

  it('reloads every list on a reset', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'a' }));
    await store.start();

    source.remove('incident', 'a');
    seed(source, makeIncident({ id: 'b' }));
    source.reset();
    await store.refreshPending();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect([...store.incidents.value.keys()]).toEqual(['b']);
    store.stop();
  });
});

describe('dispatch store queue', () => {
  it('matches a full sort after bulk change batches of 5,000 incidents', async () => {
    const { source, store } = setup();
    const random = seededRandom(7);
    for (let index = 0; index < 5_000; index += 1) {
      seed(source, randomIncident(random, `inc-${index}`));
    }
    await store.start();
    expect(storeQueueIds(store)).toEqual(fullSortIds(store, source.clock));

    for (let round = 0; round < 25; round += 1) {
      const batch = [];
      const size = round % 8 === 7 ? 1_200 : 1 + Math.floor(random() * 40);
      for (let change = 0; change < size; change += 1) {
        const id = `inc-${Math.floor(random() * 5_500)}`;
        batch.push(
          random() < 0.1
            ? source.remove('incident', id)
            : source.put('incident', id, { ...randomIncident(random, id) }),
        );
      }
      source.clock = T0 + Math.floor(random() * 5) * 15 * MINUTE;
      source.emit(batch);
      store.tick();

      expect(storeQueueIds(store), `round ${round}`).toEqual(
        fullSortIds(store, source.clock),
      );
    }
    store.stop();
  });

  it('reorders on the tick after a deadline passes', async () => {
    const { source, store } = setup();
    const due = T0 + 20 * MINUTE;
    seed(source, makeIncident({ id: 'high', level: 1, emergencyClass: null }));
    seed(source, makeIncident({ id: 'low', level: 4, occurredAt: due - HOUR }));
    await store.start();
    expect(storeQueueIds(store)).toEqual(['high', 'low']);

    source.clock = due;
    store.tick();
    expect(storeQueueIds(store)).toEqual(['high', 'low']);

    source.clock = due + 1_000;
    store.tick();
    expect(storeQueueIds(store)).toEqual(['low', 'high']);
    expect(store.queue.value.overdueCount).toBe(1);
    store.stop();
  });
});

describe('dispatch store commands offline', () => {
  it('chains versions for commands queued while offline', async () => {
    const { source, store } = setup();
    seed(source, { ...makeIncident({ id: 'inc' }), version: 3 });
    source.put('resource', 'res-1', makeResource());
    await store.start();

    const accepted = await store.runCommand('inc', { kind: 'accept' });
    const dispatched = await store.runCommand('inc', {
      kind: 'dispatch',
      resourceIds: ['res-1'],
    });

    expect(accepted.ok).toBe(true);
    expect(dispatched.ok).toBe(true);
    const versions = source
      .queuedPayloads()
      .map(
        (payload) =>
          (payload['command'] as { expectedVersion: number }).expectedVersion,
      );
    expect(versions).toEqual([3, 4]);
    const entry = store.incidents.value.get('inc');
    expect(entry?.value.state).toBe('dispatched');
    expect(entry?.pendingSeq).toBe(2);
    expect(store.queuedCount('inc')).toBe(2);
    expect(store.outbox.value).toHaveLength(2);
  });

  it('counts a command queued before a reload', async () => {
    const { source, store } = setup();
    seed(source, { ...makeIncident({ id: 'inc' }), version: 3 });
    await store.start();
    await store.runCommand('inc', { kind: 'accept' });
    store.stop();

    const reloaded = createDispatchStore(source, {
      newId: () => 'after-reload',
    });
    await reloaded.start();
    await reloaded.runCommand('inc', {
      kind: 'dispatch',
      resourceIds: ['res-1'],
    });

    const versions = source
      .queuedPayloads()
      .map(
        (payload) =>
          (payload['command'] as { expectedVersion: number }).expectedVersion,
      );
    expect(versions).toEqual([3, 4]);
    expect(source.deliver().map((outcome) => outcome.applied)).toEqual([
      true,
      true,
    ]);
    reloaded.stop();
  });

  it('settles an acknowledgement that arrives with its incident', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc' }));
    source.put('dispatch.escalation', 'esc-1', {
      incidentId: 'inc',
      milestone: 'report_to_county',
      dueAt: T0,
      state: 'overdue',
      raisedAt: T0,
      acknowledgedAt: null,
    });
    await store.start();
    await store.acknowledgeEscalation('esc-1');

    const escalation = source.confirmed.get('dispatch.escalation/esc-1');
    source.emit([
      source.put('incident', 'inc', {
        ...makeIncident({ id: 'inc' }),
        version: 1,
      }),
      source.put('dispatch.escalation', 'esc-1', {
        ...escalation?.data,
        acknowledgedAt: T0 + 1,
      }),
    ]);

    expect(store.tracked.value.size).toBe(0);
  });

  it('reaches the same state once the queue is delivered', async () => {
    const { source, store } = setup();
    seed(source, { ...makeIncident({ id: 'inc' }), version: 3 });
    await store.start();
    await store.runCommand('inc', { kind: 'accept' });
    await store.runCommand('inc', { kind: 'dispatch', resourceIds: ['res-1'] });
    await store.runCommand('inc', { kind: 'start' });

    const outcomes = source.deliver();
    await store.refreshPending();

    expect(outcomes.map((outcome) => outcome.applied)).toEqual([
      true,
      true,
      true,
    ]);
    const entry = store.incidents.value.get('inc');
    expect(entry?.pendingSeq).toBeNull();
    expect(entry?.value.state).toBe('in_progress');
    expect(entry?.value.version).toBe(6);
    expect(store.tracked.value.size).toBe(0);
    expect(store.queuedCount('inc')).toBe(0);
  });

  it('opens an incident from an alert and shows it queued', async () => {
    const { source, store } = setup();
    await store.start();
    const alert = makeAlert({ id: 'al-1' });

    const outcome = await store.openIncident(alert);

    expect(outcome.ok).toBe(true);
    const id = outcome.ok ? outcome.commandId : '';
    expect(store.incidents.value.get(id)?.pendingSeq).toBe(1);
    expect(storeQueueIds(store)).toEqual([id]);

    source.deliver([alert]);
    expect(store.incidents.value.get(id)?.pendingSeq).toBeNull();
    expect(store.incidents.value.get(id)?.value.originAlertIds).toEqual([
      'al-1',
    ]);
    expect(store.tracked.value.size).toBe(0);
  });

  it('indexes origin alerts as records change', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc' }));
    await store.start();
    expect(store.alertIncident.value.get('alert-of-inc')).toBe('inc');

    await store.openIncident(makeAlert({ id: 'al-new' }));
    expect(store.alertIncident.value.get('al-new')).toBe('id-1');

    source.emit([source.remove('incident', 'inc')]);
    expect(store.alertIncident.value.has('alert-of-inc')).toBe(false);
  });

  it('attaches an alert and acknowledges an escalation', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc' }));
    source.put('dispatch.escalation', 'esc-1', {
      incidentId: 'inc',
      milestone: 'report_to_county',
      dueAt: T0,
      state: 'overdue',
      raisedAt: T0,
      acknowledgedAt: null,
    });
    await store.start();

    await store.attachAlert('inc', 'al-dup');
    await store.acknowledgeEscalation('esc-1');
    expect(store.escalations.value.get('esc-1')?.value.acknowledgedAt).toBe(T0);
    expect(store.escalations.value.get('esc-1')?.pendingSeq).toBe(2);

    const outcomes = source.deliver();
    expect(outcomes.every((outcome) => outcome.applied)).toBe(true);
    expect(store.incidents.value.get('inc')?.value.originAlertIds).toContain(
      'al-dup',
    );
    expect(store.escalations.value.get('esc-1')?.pendingSeq).toBeNull();
    expect(store.tracked.value.size).toBe(0);
  });
});

describe('dispatch store drafts and rejections', () => {
  it('keeps the typed reason when the central rejects', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc' }));
    await store.start();
    store.setDraft('inc', 'cancel', '群众已自行处理');

    await store.runCommand(
      'inc',
      { kind: 'cancel', reason: '群众已自行处理' },
      ['cancel'],
    );
    // Another console moves the incident first, so the queued command is stale on arrival.
    source.emit([
      source.put('incident', 'inc', {
        ...makeIncident({ id: 'inc' }),
        version: 1,
      }),
    ]);
    const outcomes = source.deliver();

    expect(outcomes.map((outcome) => outcome.code)).toEqual(['stale-version']);
    expect(store.draft('inc', 'cancel')).toBe('群众已自行处理');
    const [rejection] = store.rejectionsFor('inc');
    expect(rejection?.code).toBe('stale-version');
    expect(rejection?.kind).toBe('cancel');
    expect(store.tracked.value.size).toBe(0);
    expect(store.incidents.value.get('inc')?.value.state).toBe('reported');

    store.dismissRejection(rejection?.commandId ?? '');
    expect(store.rejectionsFor('inc')).toEqual([]);
  });

  it('matches a reported rejection by outbox id', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc' }));
    await store.start();

    await store.runCommand('inc', { kind: 'accept' });
    const [queued] = store.outbox.value;
    store.reportRejection({
      commandId: queued?.commandId ?? '',
      code: 'illegal-transition',
      message: 'incident inc is closed',
    });

    expect(
      store.rejectionsFor('inc').map((rejection) => rejection.code),
    ).toEqual(['illegal-transition']);
    expect(store.queuedCount('inc')).toBe(0);
  });

  it('clears the reason once the command is applied', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc' }));
    await store.start();
    store.setDraft('inc', 'cancel', '误报');

    await store.runCommand('inc', { kind: 'cancel', reason: '误报' }, [
      'cancel',
    ]);
    expect(store.draft('inc', 'cancel')).toBe('误报');
    source.deliver();

    expect(store.incidents.value.get('inc')?.value.state).toBe('cancelled');
    expect(store.draft('inc', 'cancel')).toBe('');
  });

  it('keeps text typed after submitting even when applied', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc', state: 'in_progress' }));
    await store.start();
    store.setDraft('inc', 'feedback', '已处置');

    await store.runCommand('inc', { kind: 'feedback', result: '已处置' }, [
      'feedback',
    ]);
    store.setDraft('inc', 'feedback', '已处置，补充说明');
    source.deliver();

    expect(store.draft('inc', 'feedback')).toBe('已处置，补充说明');
  });

  it('refuses an illegal command before queueing it', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc', state: 'closed' }));
    await store.start();
    store.setDraft('inc', 'feedback', '结果');

    const outcome = await store.runCommand(
      'inc',
      { kind: 'feedback', result: '结果' },
      ['feedback'],
    );

    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.code).toBe('illegal-transition');
    expect(source.queuedPayloads()).toEqual([]);
    expect(store.rejectionsFor('inc')).toHaveLength(1);
    expect(store.draft('inc', 'feedback')).toBe('结果');
  });

  it('refuses a blank reason before queueing it', async () => {
    const { source, store } = setup();
    seed(source, makeIncident({ id: 'inc' }));
    await store.start();

    const outcome = await store.runCommand('inc', {
      kind: 'reopen',
      reason: ' ',
    });

    expect(outcome.ok).toBe(false);
    expect(source.queuedPayloads()).toEqual([]);
  });
});
