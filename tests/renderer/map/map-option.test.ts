import { SVGRenderer } from 'echarts/renderers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CountyMap } from '../../../src-shared/map/geography.js';
import {
  COUNTY_SCOPE,
  measureByArea,
  measureRows,
  type MapScope,
} from '../../../src-shared/map/scope.js';
import {
  echarts,
  ensureMapRegistered,
} from '../../../src-renderer/src/wall/map/echarts-map.js';
import { luotianCountyMap } from '../../../src-renderer/src/wall/map/luotian.js';
import {
  areaCodeOf,
  aspectScaleOf,
  buildMapOption,
  mapDataItems,
  mapNameFor,
  scopeAfterClick,
  type MapOptionInput,
} from '../../../src-renderer/src/wall/map/map-option.js';

const SCHEMATIC_NOTE = '示意图：乡镇、村区域为示意，不代表实际边界';
const TOWN = '421123100';
const TOWN_SCOPE: MapScope = { level: 'town', townCode: TOWN };

// Alerts per village and one known only to its town, as a panel would pass them.
const VALUES: Record<string, number> = {
  '421123100001': 4,
  '421123100002': 3,
  [TOWN]: 2,
  '421123103001': 7,
  unknown: 5,
};

let map: CountyMap;

beforeAll(() => {
  const result = luotianCountyMap();
  if (!result.ok) {
    throw new Error(`the bundled county map failed to build: ${result.error}`);
  }
  map = result.map;
  echarts.use([SVGRenderer]);
});

function countyInput(overrides: Partial<MapOptionInput> = {}): MapOptionInput {
  return {
    mapName: mapNameFor(map.countyCode, COUNTY_SCOPE),
    areas: map.towns,
    values: measureByArea(measureRows(VALUES), COUNTY_SCOPE).byArea,
    measureLabel: '警情数',
    selectedCode: null,
    fontSize: 20,
    aspectScale: aspectScaleOf(map.outline),
    text: {
      schematicNote: SCHEMATIC_NOTE,
      legendHigh: '高',
      legendLow: '低',
      tooltip: '{name}\n{measure}：{value}',
    },
    ...overrides,
  };
}

/** Returns the option for a wide chart, before the media query for a tall one applies. */
function baseOption(input: MapOptionInput): Record<string, unknown> {
  const option = buildMapOption(input) as {
    baseOption: Record<string, unknown>;
  };
  return option.baseOption;
}

function mapSeries(option: Record<string, unknown>): Record<string, unknown> {
  const series = option.series as Record<string, unknown>[];
  return series[0] as Record<string, unknown>;
}

describe('mapDataItems', () => {
  it('gives one item per town', () => {
    const items = mapDataItems(countyInput());
    expect(items).toHaveLength(17);
    expect(new Set(items.map((item) => item.name)).size).toBe(17);
  });

  it('sums each town from its villages', () => {
    const items = mapDataItems(countyInput());
    const byCode = new Map(items.map((item) => [item.name, item]));
    expect(byCode.get(TOWN)?.value).toBe(9);
    expect(byCode.get('421123103')?.value).toBe(7);
    expect(byCode.get('421123101')?.value).toBe(0);
    expect(byCode.get(TOWN)?.label.formatter).toBe('凤山镇');
  });

  it('shows the villages of a town', () => {
    const areas = map.villagesOf(TOWN);
    const items = mapDataItems(
      countyInput({
        mapName: mapNameFor(map.countyCode, TOWN_SCOPE),
        areas,
        values: measureByArea(measureRows(VALUES), TOWN_SCOPE).byArea,
        selectedCode: '421123100002',
      }),
    );
    expect(items).toHaveLength(60);
    expect(items[0]).toMatchObject({ name: '421123100001', value: 4 });
    expect(items[0]?.itemStyle).toBeUndefined();
    expect(items[1]).toMatchObject({ name: '421123100002', value: 3 });
    expect(items[1]?.itemStyle?.borderColor).toBe('#ffd54a');
  });
});

describe('buildMapOption', () => {
  it('labels the schematic areas', () => {
    const option = baseOption(countyInput());
    expect(option.title).toMatchObject({ text: SCHEMATIC_NOTE });
  });

  it('omits the note for real boundaries', () => {
    const real = map.towns.map((town) => ({ ...town, schematic: false }));
    const option = baseOption(countyInput({ areas: real }));
    expect(option.title).toEqual([]);
  });

  it('scales the legend to the largest area', () => {
    const option = baseOption(countyInput());
    expect(option.visualMap).toMatchObject({
      min: 0,
      max: 9,
      text: ['高 9', '低 0'],
    });
  });

  it('moves the legend below a tall map', () => {
    const option = buildMapOption(countyInput()) as {
      media: {
        query: Record<string, number>;
        option: Record<string, unknown>;
      }[];
    };
    const tall = option.media[0];
    expect(tall?.query).toEqual({ maxAspectRatio: 1 });
    expect(tall?.option.visualMap).toMatchObject({ orient: 'horizontal' });
    expect(tall?.option.title).toMatchObject({
      textStyle: { width: 160, overflow: 'break' },
    });
  });

  it('lays the legend flat in a short chart', () => {
    const option = buildMapOption(countyInput()) as {
      media: {
        query: Record<string, number>;
        option: Record<string, unknown>;
      }[];
    };

    // The wall's text is 20 px in these inputs, so a chart is short below 220 px.
    const short = option.media.find(
      (media) => Object.keys(media.query).join() === 'maxHeight',
    );
    expect(short?.query).toEqual({ maxHeight: 220 });
    expect(short?.option.visualMap).toMatchObject({ orient: 'horizontal' });
    expect(mapSeries(short?.option ?? {})).toMatchObject({
      top: 6,
      bottom: 32,
    });

    // A short and narrow chart has no room for the note beside the legend.
    const narrow = option.media.find(
      (media) => media.query['maxWidth'] !== undefined,
    );
    expect(narrow?.query).toEqual({ maxHeight: 220, maxWidth: 640 });
    expect(narrow?.option.title).toEqual({
      id: 'schematic-note',
      show: false,
    });

    // A wide chart narrower than the note's line hides it too. The tall layout wraps it instead.
    const wideNarrow = option.media.find(
      (media) => media.query['minAspectRatio'] !== undefined,
    );
    expect(wideNarrow?.query).toEqual({ minAspectRatio: 1.01, maxWidth: 440 });
    expect(wideNarrow?.option.title).toEqual({
      id: 'schematic-note',
      show: false,
    });
  });

  it('shows the value on hover', () => {
    const series = mapSeries(baseOption(countyInput()));
    const label = (series.emphasis as { label: Record<string, unknown> }).label;
    const formatter = label.formatter as (params: unknown) => string;
    const text = formatter({
      componentType: 'series',
      seriesType: 'map',
      name: TOWN,
      value: 9,
    });
    expect(text).toBe('凤山镇\n警情数：9');
    expect(label.fontSize).toBe(20);
    expect(label.backgroundColor).toBe('#0c1b30');
  });

  it('uses the wall font size and true aspect', () => {
    const series = mapSeries(baseOption(countyInput()));
    expect(series.label).toMatchObject({ show: true, fontSize: 20 });
    expect(series.aspectScale).toBeCloseTo(Math.cos((30.9 * Math.PI) / 180), 2);
    expect(series.preserveAspect).toBe('contain');
  });
});

describe('map option rendered by ECharts', () => {
  let chart: ReturnType<typeof echarts.init> | null = null;

  afterEach(() => {
    chart?.dispose();
    chart = null;
  });

  it('draws names, the note and the legend', () => {
    const input = countyInput();
    ensureMapRegistered(input.mapName, input.areas);
    chart = echarts.init(null, null, {
      renderer: 'svg',
      ssr: true,
      width: 1200,
      height: 900,
    });
    chart.setOption(buildMapOption(input));
    const svg = chart.renderToSVGString();
    for (const town of map.towns) {
      expect(svg, town.name).toContain(town.name);
    }
    expect(svg).toContain(SCHEMATIC_NOTE);
    expect(svg).toContain('高 9');
    // The town with the largest value takes the top color of the scale.
    expect(svg).toContain('rgb(224,69,47)');
  });
});

describe('click to scope', () => {
  const click = (name: string) => ({
    componentType: 'series',
    seriesType: 'map',
    name,
  });

  it('opens a town from the county', () => {
    expect(scopeAfterClick(COUNTY_SCOPE, click(TOWN))).toEqual(TOWN_SCOPE);
  });

  it('opens a village from its town', () => {
    expect(scopeAfterClick(TOWN_SCOPE, click('421123100005'))).toEqual({
      level: 'village',
      townCode: TOWN,
      villageCode: '421123100005',
    });
  });

  it('ignores clicks off the map areas', () => {
    expect(
      scopeAfterClick(COUNTY_SCOPE, { componentType: 'title', name: '' }),
    ).toBeNull();
    expect(scopeAfterClick(COUNTY_SCOPE, click('421123100005'))).toBeNull();
    expect(scopeAfterClick(COUNTY_SCOPE, null)).toBeNull();
    expect(
      areaCodeOf({ componentType: 'series', seriesType: 'bar', name: TOWN }),
    ).toBeNull();
  });

  it('names a map per level', () => {
    expect(mapNameFor('421123', COUNTY_SCOPE)).toBe('county-421123-towns');
    expect(mapNameFor('421123', TOWN_SCOPE)).toBe(
      'county-421123-town-421123100-villages',
    );
  });
});
