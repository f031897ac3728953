import { describe, expect, it } from 'vitest';
import {
  OpinionItem,
  OpinionProjection,
  fromMapScope,
  type OpinionWallView,
} from '../../../src-shared/opinion/index.js';
import { mulberry32 } from '../../../src-central/adapters/random.js';
import {
  HOUR,
  T0,
  TOWN_A,
  TOWN_B,
  VILLAGE_A1,
  VILLAGE_A2,
  item,
  negative,
} from './fixtures.js';

const SOURCES = [
  'microblog',
  'messaging',
  'forum',
  'news',
  'short_video',
] as const;
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
const TOPICS = ['道路', '教育', '医保', '景区', '板栗'];

/** Random but seeded items over 40 hours, across two towns and three village states. */
function randomItems(count: number, seed: number): OpinionItem[] {
  const random = mulberry32(seed);
  const items: OpinionItem[] = [];
  for (let index = 0; index < count; index += 1) {
    const town = random() < 0.6 ? TOWN_A : TOWN_B;
    let village: string | null = null;
    if (town === TOWN_A) {
      village = random() < 0.5 ? VILLAGE_A1 : VILLAGE_A2;
    }
    items.push(
      item({
        id: `r-${index % Math.floor(count * 0.8)}`,
        source: SOURCES[Math.floor(random() * SOURCES.length)] ?? 'news',
        sentiment: SENTIMENTS[Math.floor(random() * 3)] ?? 'neutral',
        heat: Math.round(random() * 1000) / 10,
        publishedAt: T0 + Math.floor(random() * 40 * HOUR),
        topic: TOPICS[Math.floor(random() * TOPICS.length)] ?? '道路',
        place: {
          townCode: town.code,
          townName: town.name,
          villageName: village ? '村' : null,
          divisionCode: village,
        },
      }),
    );
  }
  return items;
}

function sum(
  view: OpinionWallView,
  key: 'positive' | 'neutral' | 'negative',
): number {
  return view.hours.reduce((total, hour) => total + hour.sentiment[key], 0);
}

describe('OpinionProjection', () => {
  it('counts sentiment per hour', () => {
    const projection = OpinionProjection.fromItems(
      [
        item({ publishedAt: T0, sentiment: 'positive', emotion: 'joy' }),
        item({
          publishedAt: T0 + 10 * 60_000,
          sentiment: 'negative',
          emotion: 'anger',
        }),
        item({
          publishedAt: T0 + HOUR + 1,
          sentiment: 'negative',
          emotion: 'anxiety',
        }),
      ],
      { hours: 3 },
    );
    const view = projection.view();

    expect(view.endHour).toBe(T0 + HOUR);
    expect(view.hours.map((hour) => hour.start)).toEqual([
      T0 - HOUR,
      T0,
      T0 + HOUR,
    ]);
    expect(view.hours[0]?.sentiment).toEqual({
      positive: 0,
      neutral: 0,
      negative: 0,
    });
    expect(view.hours[1]?.sentiment).toEqual({
      positive: 1,
      neutral: 0,
      negative: 1,
    });
    expect(view.hours[2]?.sentiment).toEqual({
      positive: 0,
      neutral: 0,
      negative: 1,
    });
    expect(view.hours[2]?.emotion.anxiety).toBe(1);
    expect(view.sentimentTotals).toEqual({
      positive: 1,
      neutral: 0,
      negative: 2,
    });
  });

  it('drops hours that leave the ring', () => {
    const projection = new OpinionProjection({ hours: 2 });
    projection.put(item({ publishedAt: T0 }));
    projection.put(item({ publishedAt: T0 + HOUR }));
    expect(projection.view().total).toBe(2);

    projection.advanceTo(T0 + 2 * HOUR);
    const view = projection.view();
    expect(view.total).toBe(1);
    expect(view.hours.map((hour) => hour.start)).toEqual([
      T0 + HOUR,
      T0 + 2 * HOUR,
    ]);

    projection.put(item({ publishedAt: T0 + 5 * 60_000 }));
    expect(projection.view().total).toBe(1);
  });

  it('replaces an item put twice', () => {
    const projection = new OpinionProjection();
    const first = item({
      id: 'same',
      sentiment: 'negative',
      heat: 50,
      topic: '教育',
    });
    projection.put(first);
    projection.put({ ...first, sentiment: 'positive', heat: 5, topic: '道路' });
    const view = projection.view();

    expect(view.total).toBe(1);
    expect(view.sentimentTotals).toEqual({
      positive: 1,
      neutral: 0,
      negative: 0,
    });
    expect(view.topics).toEqual([{ topic: '道路', heat: 5, count: 1 }]);
    expect(view.latestNegative).toEqual([]);
  });

  it('ranks topics by summed heat', () => {
    const projection = OpinionProjection.fromItems(
      [
        item({ topic: '教育', heat: 30 }),
        item({ topic: '道路', heat: 20 }),
        item({ topic: '道路', heat: 15.5 }),
        item({ topic: '医保', heat: 30 }),
        item({ topic: '景区', heat: 1 }),
      ],
      { topTopics: 3 },
    );
    expect(projection.view().topics).toEqual([
      { topic: '道路', heat: 35.5, count: 2 },
      { topic: '医保', heat: 30, count: 1 },
      { topic: '教育', heat: 30, count: 1 },
    ]);
  });

  it('counts items by source', () => {
    const projection = OpinionProjection.fromItems([
      item({ source: 'news' }),
      item({ source: 'news' }),
      item({ source: 'short_video' }),
    ]);
    expect(projection.view().sources).toEqual({
      microblog: 0,
      messaging: 0,
      forum: 0,
      news: 2,
      short_video: 1,
    });
  });

  it('lists the latest negative items, bounded', () => {
    const items = [
      negative(T0 + 1, { id: 'n1' }),
      negative(T0 + HOUR + 5, { id: 'n2' }),
      item({ id: 'p1', publishedAt: T0 + 2 * HOUR, sentiment: 'positive' }),
      negative(T0 + 2 * HOUR + 7, { id: 'n3' }),
      negative(T0 + 2 * HOUR + 7, { id: 'n0' }),
    ];
    const projection = OpinionProjection.fromItems(items, {
      latestNegatives: 3,
    });
    expect(projection.view().latestNegative.map((entry) => entry.id)).toEqual([
      'n0',
      'n3',
      'n2',
    ]);

    projection.remove('n3');
    expect(projection.view().latestNegative.map((entry) => entry.id)).toEqual([
      'n0',
      'n2',
      'n1',
    ]);
  });

  it('filters by town and village scope', () => {
    const items = [
      item({
        place: {
          townCode: TOWN_A.code,
          townName: TOWN_A.name,
          villageName: '一村',
          divisionCode: VILLAGE_A1,
        },
      }),
      item({
        place: {
          townCode: TOWN_A.code,
          townName: TOWN_A.name,
          villageName: '二村',
          divisionCode: VILLAGE_A2,
        },
      }),
      item({
        place: {
          townCode: TOWN_A.code,
          townName: TOWN_A.name,
          villageName: null,
          divisionCode: null,
        },
      }),
      item({
        place: {
          townCode: TOWN_B.code,
          townName: TOWN_B.name,
          villageName: null,
          divisionCode: null,
        },
      }),
    ];
    const county = OpinionProjection.fromItems(items).view();
    const town = OpinionProjection.fromItems(items, {
      scope: { kind: 'town', code: TOWN_A.code },
    }).view();
    const village = OpinionProjection.fromItems(items, {
      scope: { kind: 'village', code: VILLAGE_A2 },
    }).view();

    expect(county.total).toBe(4);
    expect(town.total).toBe(3);
    expect(village.total).toBe(1);
  });

  it('rebuild equals incremental feed', () => {
    const items = randomItems(3000, 7);
    const now = T0 + 41 * HOUR;
    const incremental = new OpinionProjection({
      hours: 24,
      topTopics: 4,
      latestNegatives: 15,
    });
    for (const entry of items) {
      incremental.put(entry);
    }
    incremental.advanceTo(now);

    // The list form holds only the latest value of each id, in another order.
    const latest = new Map(items.map((entry) => [entry.id, entry]));
    const shuffled = [...latest.values()].reverse();
    const rebuilt = OpinionProjection.fromItems(
      shuffled,
      { hours: 24, topTopics: 4, latestNegatives: 15 },
      now,
    );

    expect(rebuilt.view()).toEqual(incremental.view());
    expect(incremental.view().total).toBeGreaterThan(0);
  });

  it('rebuild equals incremental per scope', () => {
    const items = randomItems(1500, 11);
    for (const scope of [
      { kind: 'town', code: TOWN_A.code },
      { kind: 'village', code: VILLAGE_A1 },
    ] as const) {
      const incremental = new OpinionProjection({ scope });
      items.forEach((entry) => incremental.put(entry));
      const latest = [
        ...new Map(items.map((entry) => [entry.id, entry])).values(),
      ];
      const rebuilt = OpinionProjection.fromItems(latest, { scope });
      expect(rebuilt.view()).toEqual(incremental.view());
    }
  });

  it('keeps hour totals equal to the item count', () => {
    const projection = OpinionProjection.fromItems(randomItems(500, 3));
    const view = projection.view();
    expect(
      sum(view, 'positive') + sum(view, 'neutral') + sum(view, 'negative'),
    ).toBe(view.total);
    expect(Object.values(view.sources).reduce((a, b) => a + b, 0)).toBe(
      view.total,
    );
  });

  it('rejects a ring of zero hours', () => {
    expect(() => new OpinionProjection({ hours: 0 })).toThrow(
      /hours must be a positive integer/,
    );
  });

  it('schema rejects negative heat', () => {
    const result = OpinionItem.safeParse(item({ heat: -1 }));
    expect(result.success).toBe(false);
  });
});

describe('fromMapScope', () => {
  it('converts each map level', () => {
    expect(fromMapScope({ level: 'county' })).toEqual({ kind: 'county' });
    expect(fromMapScope({ level: 'town', townCode: TOWN_A.code })).toEqual({
      kind: 'town',
      code: TOWN_A.code,
    });
    expect(
      fromMapScope({
        level: 'village',
        townCode: TOWN_A.code,
        villageCode: VILLAGE_A2,
      }),
    ).toEqual({ kind: 'village', code: VILLAGE_A2 });
  });
});
