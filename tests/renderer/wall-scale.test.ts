// The wall type scale, and every wall chart drawn with it: ECharts renders each option to SVG on
// the server side, and each text element's font size is read back from the markup.
import { SVGRenderer } from 'echarts/renderers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CountyMap } from '../../src-shared/map/geography.js';
import { COUNTY_SCOPE } from '../../src-shared/map/scope.js';
import type { EChartsCoreOption } from '../../src-renderer/src/charts/echarts.js';
import {
  townBarOption,
  trendLineOption,
} from '../../src-renderer/src/wall/chart-options.js';
import {
  echarts,
  ensureMapRegistered,
} from '../../src-renderer/src/wall/map/echarts-map.js';
import { luotianCountyMap } from '../../src-renderer/src/wall/map/luotian.js';
import {
  aspectScaleOf,
  buildMapOption,
  mapNameFor,
} from '../../src-renderer/src/wall/map/map-option.js';
import { sentimentBarOption } from '../../src-renderer/src/wall/panels/opinion-options.js';
import { distributionBarOption } from '../../src-renderer/src/wall/panels/points-rows.js';
import {
  WALL_MIN_TEXT_PX,
  wallScale,
  wallUnit,
} from '../../src-renderer/src/wall/viewport.js';
import { LABELS, opinionView, sampleView } from './wall-panels/fixtures.js';

const HOUR = 3_600_000;
const SHAPES = [
  { name: '1920×1080', width: 1920, height: 1080, minText: 26 },
  { name: '7680×2160', width: 7680, height: 2160, minText: 52 },
  { name: '1080×1920', width: 1080, height: 1920, minText: 26 },
] as const;

let map: CountyMap;
let chart: ReturnType<typeof echarts.init> | null = null;

beforeAll(() => {
  const result = luotianCountyMap();
  if (!result.ok) {
    throw new Error(`the bundled county map failed to build: ${result.error}`);
  }
  map = result.map;
  echarts.use([SVGRenderer]);
});

afterEach(() => {
  chart?.dispose();
  chart = null;
});

describe('wallUnit', () => {
  it('is 1 at the design size', () => {
    expect(wallUnit(1920, 1080)).toBe(1);
  });

  it('follows the height of a wide span', () => {
    expect(wallUnit(7680, 2160)).toBe(2);
    expect(wallUnit(3840, 1080)).toBe(1);
  });

  it('follows the width of a portrait monitor', () => {
    expect(wallUnit(1080, 1920)).toBeCloseTo(0.5625, 10);
  });

  it('follows both ratios of a 4K monitor', () => {
    expect(wallUnit(3840, 2160)).toBe(2);
  });

  it('treats a missing size as the design size', () => {
    expect(wallUnit(0, 0)).toBe(1);
    expect(wallUnit(Number.NaN, 2160)).toBe(1);
    expect(wallUnit(3840, Number.NaN)).toBe(1);
  });
});

describe('wallScale', () => {
  it('keeps the minimum at the design size', () => {
    expect(wallScale(1920, 1080).minText).toBe(WALL_MIN_TEXT_PX);
  });

  it('doubles text on a 7680 × 2160 span', () => {
    const scale = wallScale(7680, 2160);
    expect(scale.typeUnit).toBe(2);
    expect(scale.minText).toBe(2 * WALL_MIN_TEXT_PX);
  });

  it('never shrinks text below the minimum', () => {
    const portrait = wallScale(1080, 1920);
    expect(portrait.unit).toBeCloseTo(0.5625, 10);
    expect(portrait.typeUnit).toBe(1);
    expect(portrait.minText).toBe(WALL_MIN_TEXT_PX);
    expect(wallScale(1280, 720).minText).toBe(WALL_MIN_TEXT_PX);
  });
});

/** Font sizes of every text element in the SVG markup, in CSS pixels. */
function svgFontSizes(svg: string): number[] {
  const sizes: number[] = [];
  for (const text of svg.matchAll(/<text\b[^>]*>/g)) {
    const size = /(?:font-size:|font:[^;"]*?)\s*(\d+(?:\.\d+)?)px/.exec(
      text[0],
    );
    if (size === null) {
      throw new Error(`a text element has no font size: ${text[0]}`);
    }
    sizes.push(Number(size[1]));
  }
  return sizes;
}

function renderSvg(
  option: EChartsCoreOption,
  width: number,
  height: number,
): string {
  chart?.dispose();
  chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width,
    height,
  });
  chart.setOption(option);
  return chart.renderToSVGString();
}

function mapOption(fontSize: number): EChartsCoreOption {
  const mapName = mapNameFor(map.countyCode, COUNTY_SCOPE);
  ensureMapRegistered(mapName, map.towns);
  const values = Object.fromEntries(
    map.towns.map((town, index) => [town.code, index]),
  );
  return buildMapOption({
    mapName,
    areas: map.towns,
    values,
    measureLabel: '警情数',
    selectedCode: null,
    fontSize,
    aspectScale: aspectScaleOf(map.outline),
    text: {
      schematicNote: '示意图：乡镇区域为示意',
      legendHigh: '高',
      legendLow: '低',
      tooltip: '{name}\n{measure}：{value}',
    },
  });
}

function chartOptions(fontSize: number): [string, EChartsCoreOption][] {
  const towns = ['凤山镇', '骆驼坳镇', '大河岸镇'].map((town, index) => ({
    town,
    count: 3 + index,
  }));
  const hours = Array.from({ length: 24 }, (_, index) => ({
    start: Date.UTC(2026, 11, 4) + index * HOUR,
    count: index % 5,
  }));
  const range = { below: '<{to}', atLeast: '≥{from}', range: '{from}–{to}' };
  return [
    ['town bars', townBarOption(towns, fontSize)],
    ['trend line', trendLineOption(hours, fontSize)],
    ['sentiment bars', sentimentBarOption(opinionView(200), LABELS, fontSize)],
    [
      'points distribution',
      distributionBarOption(sampleView(), range, fontSize),
    ],
    ['county map', mapOption(fontSize)],
  ];
}

describe('wall charts at three wall shapes', () => {
  for (const shape of SHAPES) {
    it(`draw no text below the minimum at ${shape.name}`, () => {
      const { minText } = wallScale(shape.width, shape.height);
      expect(minText).toBe(shape.minText);

      // A panel of the 6 × 3 test layout: a sixth of the width, a third of the height.
      const width = Math.round(shape.width / 6);
      const height = Math.round(shape.height / 3);
      for (const [name, option] of chartOptions(minText)) {
        const sizes = svgFontSizes(renderSvg(option, width, height));
        expect(sizes.length, `${name} draws text`).toBeGreaterThan(0);
        expect(Math.min(...sizes), `${name} smallest text`).toBe(minText);
      }
    });
  }
});
