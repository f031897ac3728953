// Server-side renders of the walls components: no DOM is needed, and the output shows that the
// templates compile, read the followed records and carry the test ids the browser tests use.
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { HALL_COLLECTIONS } from '../../../src-shared/walls/index.js';
import WallsView from '../../../src-renderer/src/console/walls/WallsView.vue';
import PresenterOverlay from '../../../src-renderer/src/wall/presenter/PresenterOverlay.vue';
import { createMemorySource, stored } from './memory-source.js';

describe('WallsView render', () => {
  it('renders editor, playlist and presenter', async () => {
    const source = createMemorySource();
    source.records.set(HALL_COLLECTIONS.layout, [
      stored(HALL_COLLECTIONS.layout, 'overview', 1, {
        id: 'overview',
        name: '全县总览',
        columns: 2,
        rows: 2,
        panels: [{ panel: 'county-map', x: 0, y: 0, w: 2, h: 1 }],
      }),
    ]);
    const app = createSSRApp({
      render: () =>
        h(WallsView, {
          source,
          towns: [{ code: '510121100', name: '城厢镇' }],
          incidents: [{ id: 'inc-1', title: '城关镇积水' }],
        }),
    });

    const html = await renderToString(app);

    for (const testId of [
      'layout-editor',
      'layout-cell',
      'layout-save',
      'layout-export',
      'layout-import',
      'present-start',
      'present-end',
      'playlist-pause',
    ]) {
      expect(html).toContain(`data-testid="${testId}"`);
    }
    // A new layout of 4 × 3 cells, with no name yet: saving is blocked, but the missing name is
    // listed only once the officer edits the layout or tries to save it.
    expect(html.match(/data-testid="layout-cell"/g)).toHaveLength(12);
    expect(html).toContain('data-problems="1"');
    expect(html).not.toContain('请填写布局名称');
    // Without a saved playlist the wall neither rotates nor pauses.
    expect(html).toContain('未设轮播');
  });
});

describe('PresenterOverlay render', () => {
  it('shows badge, title and slots', async () => {
    const app = createSSRApp({
      render: () =>
        h(
          PresenterOverlay,
          {
            focus: { kind: 'incident', id: 'inc-1', label: '城关镇积水' },
            presenterName: '王主任',
          },
          { timeline: () => h('p', 'timeline-filled') },
        ),
    });

    const html = await renderToString(app);

    expect(html).toContain('data-testid="presenter-overlay"');
    expect(html).toContain('会商模式');
    expect(html).toContain('城关镇积水');
    expect(html).toContain('王主任');
    expect(html).toContain('timeline-filled');
  });
});
