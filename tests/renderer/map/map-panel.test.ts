// Renders MapPanel with Vue's server renderer: setup, computed values and the template run as in
// the browser, while the chart itself (created on mount) does not, because SSR never mounts.
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CountyMap } from '../../../src-shared/map/geography.js';
import { COUNTY_SCOPE, type MapScope } from '../../../src-shared/map/scope.js';
import { luotianCountyMap } from '../../../src-renderer/src/wall/map/luotian.js';
import MapPanel from '../../../src-renderer/src/wall/map/MapPanel.vue';
import { setMapScope } from '../../../src-renderer/src/wall/map/scope-store.js';

const VALUES = {
  '421123100001': 4,
  '421123100002': 3,
  '421123100': 2,
  '421123103001': 7,
};

let map: CountyMap;
const hadWindow = 'window' in globalThis;

beforeAll(() => {
  const result = luotianCountyMap();
  if (!result.ok) {
    throw new Error(result.error);
  }
  map = result.map;
  // useViewportWidth reads the window's width; Node has no window.
  if (!hadWindow) {
    Object.assign(globalThis, {
      window: {
        innerWidth: 1920,
        addEventListener() {},
        removeEventListener() {},
      },
    });
  }
});

afterAll(() => {
  if (!hadWindow) {
    Reflect.deleteProperty(globalThis, 'window');
  }
});

beforeEach(() => {
  setMapScope(COUNTY_SCOPE);
});

async function render(
  values: Record<string, number> | null,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const app = createSSRApp({
    render: () =>
      h(MapPanel, {
        map,
        values,
        measureLabel: '警情数',
        age: '数据更新于 10:00',
        stale: false,
        ...extra,
      }),
  });
  return renderToString(app);
}

function rowValues(html: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const match of html.matchAll(/data-code="(\d+)" data-value="(\d+)"/g)) {
    rows.set(match[1] as string, Number(match[2]));
  }
  return rows;
}

describe('MapPanel markup', () => {
  it('lists every town with its value', async () => {
    const html = await render(VALUES);
    const rows = rowValues(html);
    expect(rows.size).toBe(17);
    expect(rows.get('421123100')).toBe(9);
    expect(rows.get('421123103')).toBe(7);
    expect(html).toContain('警情数合计 16');
    expect(html).toContain('点击区域查看下一级');
  });

  it('marks the map as schematic', async () => {
    const html = await render(VALUES);
    expect(html).toContain('data-testid="map-schematic"');
    expect(html).toContain('示意');
  });

  it('shows the breadcrumb of a village', async () => {
    const village: MapScope = {
      level: 'village',
      townCode: '421123100',
      villageCode: '421123100002',
    };
    setMapScope(village);
    const html = await render(VALUES);
    expect(html).toMatch(/data-scope-code="">\s*罗田县/);
    expect(html).toMatch(/data-scope-code="421123100">\s*凤山镇/);
    expect(html).toMatch(
      /aria-current="location"[^>]*data-scope-code="421123100002"/,
    );
    const rows = rowValues(html);
    expect(rows.size).toBe(60);
    expect(rows.get('421123100002')).toBe(3);
    expect(html).toContain('其中 2 未定位到村（社区）');
    expect(html).not.toContain('点击区域查看下一级');
  });

  it('shows village values and the unplaced rest', async () => {
    setMapScope({ level: 'town', townCode: '421123100' });
    const html = await render(VALUES);
    const rows = rowValues(html);
    expect(rows.get('421123100001')).toBe(4);
    expect(rows.get('421123100002')).toBe(3);
    expect(html).toContain('其中 2 未定位到村（社区）');
    expect(html).not.toContain('此项只按乡镇统计');
    expect(html).toMatch(
      /data-testid="map-summary" data-total="9" data-unplaced="2" data-no-breakdown="false"/,
    );
  });

  it('shows no breakdown of a per-town measure', async () => {
    setMapScope({ level: 'town', townCode: '421123100' });
    const html = await render({ '421123100': 9 }, { perTownOnly: true });
    expect(html).toContain('此项只按乡镇统计，无村级分布');
    expect(html).toContain('data-no-breakdown="true"');
    expect(html).not.toContain('未定位到村');
  });

  it('says when there is no data', async () => {
    const html = await render(null);
    expect(html).toContain('尚无数据');
    expect(html).not.toContain('data-testid="map-area-row"');
    expect(html).not.toContain('合计');
  });

  it('shows a map error', async () => {
    const html = await render(VALUES, {
      error: 'feature 0: the ring is not closed',
    });
    expect(html).toContain(
      '县界数据无效，无法绘制地图：feature 0: the ring is not closed',
    );
  });

  it('falls back to the county for an unknown town', async () => {
    setMapScope({ level: 'town', townCode: '421123999' });
    const html = await render(VALUES);
    expect(rowValues(html).size).toBe(17);
  });
});
