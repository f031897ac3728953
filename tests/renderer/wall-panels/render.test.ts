// Server-side renders of the wall panels: no DOM is needed, and the output shows that the
// templates compile and carry the test ids and data attributes the browser tests read.
import { createSSRApp, h, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import {
  LatestAlertsPanel,
  OpinionHeatPanel,
  OpinionNegativePanel,
  OpinionSentimentPanel,
  PointsRulesPanel,
  PointsSummaryPanel,
  PointsTownPanel,
  SevereBanner,
} from '../../../src-renderer/src/wall/panels/index.js';
import { makeAlert } from '../fake-main.js';
import { opinionView, sampleView } from './fixtures.js';

const BASE = 1_760_000_000_000;

beforeAll(() => {
  // The chart panels read the viewport width for their font size when they set up; the renderer
  // always has a window, Node has none.
  vi.stubGlobal('window', {
    innerWidth: 1920,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  });
});

afterAll(() => {
  vi.unstubAllGlobals();
});

function render(
  component: Component,
  props: Record<string, unknown>,
): Promise<string> {
  return renderToString(createSSRApp({ render: () => h(component, props) }));
}

function count(html: string, testId: string): number {
  return html.split(`data-testid="${testId}"`).length - 1;
}

describe('LatestAlertsPanel render', () => {
  const alerts: Alert[] = Array.from({ length: 30 }, (_, i) =>
    makeAlert(i, { publishedAt: BASE + i * 1000 }),
  );

  it('lists the newest alerts up to the limit', async () => {
    const html = await render(LatestAlertsPanel, {
      alerts,
      age: '数据更新于 10:00:00',
      stale: false,
      limit: 10,
    });

    expect(count(html, 'latest-alert-row')).toBe(10);
    expect(html.indexOf('data-alert-id="alert-29"')).toBeLessThan(
      html.indexOf('data-alert-id="alert-28"'),
    );
    expect(html).not.toContain('data-alert-id="alert-19"');
    // Alert 29 is level 2 (orange), so its chip carries the level-2 class and label.
    expect(html).toMatch(
      /data-alert-id="alert-29"><span class="[^"]*\blevel-2\b[^"]*">二级</,
    );
    expect(html).not.toContain('data-testid="latest-alerts-none"');
  });

  it('shows no-alerts only on current data', async () => {
    const current = await render(LatestAlertsPanel, {
      alerts: [],
      age: 'x',
      stale: false,
    });
    const stale = await render(LatestAlertsPanel, {
      alerts: [],
      age: 'x',
      stale: true,
    });

    expect(current).toContain('当前无预警');
    expect(stale).not.toContain('当前无预警');
    expect(count(stale, 'latest-alerts-none')).toBe(0);
  });

  it('copies a long list once for the loop', async () => {
    const html = await render(LatestAlertsPanel, {
      alerts,
      age: 'x',
      stale: false,
    });

    expect(count(html, 'latest-alert-row')).toBe(20);
    expect(html).toMatch(/class="[^"]*\bscrolling\b[^"]*latest-track/);
    expect(html).toContain('aria-hidden="true"');
  });

  it('keeps a short list still', async () => {
    const html = await render(LatestAlertsPanel, {
      alerts: alerts.slice(0, 3),
      age: 'x',
      stale: false,
    });

    expect(count(html, 'latest-alert-row')).toBe(3);
    expect(html).not.toMatch(/\bscrolling\b/);
    expect(html).not.toContain('aria-hidden');
  });
});

describe('SevereBanner render', () => {
  it('shows the severe alert', async () => {
    const html = await render(SevereBanner, {
      alerts: [
        makeAlert(1, { level: 1, status: 'new', title: '山体滑坡' }),
        makeAlert(2, { level: 3, status: 'new' }),
      ],
    });

    expect(html).toContain('data-testid="severe-banner"');
    expect(html).toContain('data-alert-id="alert-1"');
    expect(html).toContain('山体滑坡');
    expect(html).toContain('一级');
    expect(html).toContain('特别重大预警');
    expect(html).toContain('data-others="0"');
    expect(html).not.toContain('severe-more');
  });

  it('counts the other open severe alerts', async () => {
    const html = await render(SevereBanner, {
      alerts: [
        makeAlert(1, { level: 2, status: 'new', publishedAt: 3000 }),
        makeAlert(2, { level: 1, status: 'new', publishedAt: 1000 }),
        makeAlert(3, { level: 2, status: 'new', publishedAt: 2000 }),
      ],
    });

    expect(html).toContain('data-alert-id="alert-2"');
    expect(html).toContain('data-others="2"');
    expect(html).toContain('另有2条待确认');
  });

  it('renders nothing once acknowledged', async () => {
    const html = await render(SevereBanner, {
      alerts: [makeAlert(1, { level: 1, status: 'acknowledged' })],
    });

    expect(html).not.toContain('severe-banner');
  });
});

describe('opinion panels render', () => {
  const view = opinionView(500);

  it('sentiment root carries the total', async () => {
    const html = await render(OpinionSentimentPanel, {
      view,
      age: 'x',
      stale: false,
    });

    expect(html).toContain('data-testid="panel-opinion-sentiment"');
    expect(html).toContain(`data-total="${view.total}"`);
    expect(count(html, 'opinion-sentiment-hour')).toBe(24);
  });

  it('heat panel lists topics and sources', async () => {
    const html = await render(OpinionHeatPanel, {
      view,
      age: 'x',
      stale: false,
    });

    expect(count(html, 'opinion-topic-row')).toBe(10);
    expect(html).toContain(
      `data-topic="${view.topics[0]!.topic}" data-heat="${view.topics[0]!.heat}"`,
    );
    expect(count(html, 'opinion-source')).toBe(5);
    expect(html).toContain(
      `data-source="microblog" data-count="${view.sources.microblog}"`,
    );
  });

  it('negative panel lists negative items', async () => {
    const html = await render(OpinionNegativePanel, {
      view,
      age: 'x',
      stale: false,
    });

    expect(count(html, 'opinion-negative-row')).toBe(12);
    expect(html).toContain(`data-item-id="${view.latestNegative[0]!.id}"`);
  });
});

describe('points panels render', () => {
  const view = sampleView();

  it('summary carries subjects and average', async () => {
    const html = await render(PointsSummaryPanel, {
      view,
      age: 'x',
      stale: false,
    });

    expect(html).toContain('data-testid="points-summary"');
    expect(html).toContain('data-subjects="1200"');
    expect(html).toContain('data-average="103.456"');
    expect(html).toContain('103.5');
    expect(count(html, 'points-bucket')).toBe(5);
  });

  it('town rows rank and mark small towns', async () => {
    const html = await render(PointsTownPanel, {
      view,
      age: 'x',
      stale: false,
    });

    expect(count(html, 'points-town-row')).toBe(5);
    expect(html.indexOf('data-town="421123102"')).toBeLessThan(
      html.indexOf('data-town="421123100"'),
    );
    expect(html).toContain('data-average="108.5"');
    expect(html.split('样本不足').length - 1).toBe(2);
  });

  it('rules panel shows both lists and the honor roll', async () => {
    const html = await render(PointsRulesPanel, {
      view,
      age: 'x',
      stale: false,
    });

    expect(count(html, 'points-rule-row')).toBe(7);
    expect(html).toContain('data-code="N1"');
    expect(html).toContain('-50');
    expect(count(html, 'points-honor-row')).toBe(1);
    expect(html).toContain('张*明');
    expect(html).not.toContain('张三明');
  });

  it('small group shows no standing', async () => {
    const small = {
      ...view,
      subjects: 3,
      tooFew: true,
      averageScore: null,
      distribution: [],
      rewardCount: null,
      restrictionCount: null,
      weekRules: { positive: [], negative: [] },
      pending: null,
      honorRoll: [],
    };
    const summary = await render(PointsSummaryPanel, {
      view: small,
      age: 'x',
      stale: false,
    });
    const rules = await render(PointsRulesPanel, {
      view: small,
      age: 'x',
      stale: false,
    });

    expect(summary).toContain('data-too-few="true"');
    expect(summary).not.toContain('data-restriction=');
    // Average, reward, restriction, pending reviews and the distribution chart each show that the
    // group is too small.
    expect(summary.split('样本不足').length - 1).toBe(5);
    expect(summary).not.toContain('data-pending=');
    expect(count(rules, 'points-rule-row')).toBe(0);
    expect(count(rules, 'points-rules-too-few')).toBe(2);
    expect(count(rules, 'points-honor-row')).toBe(0);
    expect(rules.split('样本不足').length - 1).toBe(3);
  });
});

describe('panels without data render', () => {
  it('show no-data text', async () => {
    for (const component of [
      OpinionSentimentPanel,
      OpinionHeatPanel,
      OpinionNegativePanel,
      PointsSummaryPanel,
      PointsTownPanel,
      PointsRulesPanel,
    ]) {
      const html = await render(component, {
        view: null,
        age: 'x',
        stale: true,
      });
      expect(html).toContain('尚无数据');
    }
  });
});
