import { describe, expect, it } from 'vitest';
import { Alert } from '../../../src-shared/contract/index.js';
import { NegativeSpikeDetector } from '../../../src-shared/opinion/index.js';
import { TOWN_B, T0, item, negative } from './fixtures.js';

const WINDOW = 15 * 60_000;
const OPTIONS = {
  windowMs: WINDOW,
  baselineWindows: 4,
  factor: 2,
  minCount: 5,
  strongRatio: 2,
};

/** Feeds `perWindow[i]` negative items into window i after T0, spread inside the window. */
function feed(detector: NegativeSpikeDetector, perWindow: number[]): void {
  perWindow.forEach((count, window) => {
    for (let index = 0; index < count; index += 1) {
      detector.observe(negative(T0 + window * WINDOW + index * 1000));
    }
  });
}

describe('NegativeSpikeDetector', () => {
  it('raises an alert for a spike', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    feed(detector, [2, 3, 2, 3, 12]);
    const alert = detector.check(T0 + 4 * WINDOW + 60_000);

    expect(alert).not.toBeNull();
    expect(Alert.safeParse(alert).success).toBe(true);
    expect(alert?.id).toBe(`opinion-spike:county:${T0 + 4 * WINDOW}`);
    expect(alert?.emergencyClass).toBe('social_security');
    expect(alert?.eventType).toEqual({ code: null, label: '网络舆情负面激增' });
    expect(alert?.occurredAt).toBe(T0 + 4 * WINDOW);
    expect(alert?.original.negativeCount).toBe(12);
    expect(alert?.original.baseline).toBe(2.5);
  });

  it('raises once per window', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    feed(detector, [2, 3, 2, 3, 12]);
    const now = T0 + 4 * WINDOW + 60_000;
    expect(detector.check(now)).not.toBeNull();

    detector.observe(negative(now + 1000));
    expect(detector.check(now + 2000)).toBeNull();
    expect(detector.check(now + 5 * 60_000)).toBeNull();
  });

  it('waits for a full baseline', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    feed(detector, [0, 0, 0, 12]);
    detector.observe(item({ publishedAt: T0, sentiment: 'positive' }));
    const measure = detector.measure(T0 + 3 * WINDOW);
    expect(measure.covered).toBe(false);
    expect(detector.check(T0 + 3 * WINDOW)).toBeNull();
  });

  it('stays quiet on a flat baseline', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    for (let window = 0; window < 20; window += 1) {
      for (let index = 0; index < 9; index += 1) {
        detector.observe(negative(T0 + window * WINDOW + index * 1000));
        expect(detector.check(T0 + window * WINDOW + index * 1000)).toBeNull();
      }
    }
    expect(detector.measure(T0 + 19 * WINDOW).covered).toBe(true);
  });

  it('needs the minimum count', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    feed(detector, [0, 0, 0, 0, 4]);
    detector.observe(item({ publishedAt: T0, sentiment: 'neutral' }));
    const measure = detector.measure(T0 + 4 * WINDOW);
    expect(measure.count).toBe(4);
    expect(measure.covered).toBe(true);
    expect(measure.spike).toBe(false);
    expect(detector.check(T0 + 4 * WINDOW)).toBeNull();
  });

  it('ignores positive and neutral items', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    for (let index = 0; index < 20; index += 1) {
      detector.observe(item({ publishedAt: T0 + index, sentiment: 'neutral' }));
    }
    expect(detector.measure(T0).count).toBe(0);
  });

  it('uncounts an item that turns neutral', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    const post = negative(T0, { id: 'x' });
    detector.observe(post);
    detector.observe(post);
    expect(detector.measure(T0).count).toBe(1);
    detector.observe({ ...post, sentiment: 'neutral' });
    expect(detector.measure(T0).count).toBe(0);
  });

  it('grades level by strength', () => {
    const weak = new NegativeSpikeDetector(OPTIONS);
    feed(weak, [4, 4, 4, 4, 10]);
    expect(weak.check(T0 + 4 * WINDOW)?.level).toBe(4);

    const strong = new NegativeSpikeDetector(OPTIONS);
    feed(strong, [4, 4, 4, 4, 17]);
    expect(strong.check(T0 + 4 * WINDOW)?.level).toBe(3);
  });

  it('names the town behind a county spike', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    feed(detector, [1, 1, 1, 1]);
    const spikeAt = T0 + 4 * WINDOW;
    for (let index = 0; index < 8; index += 1) {
      detector.observe(
        negative(spikeAt + index, {
          topic: '征地',
          place: {
            townCode: TOWN_B.code,
            townName: TOWN_B.name,
            villageName: null,
            divisionCode: null,
          },
        }),
      );
    }
    detector.observe(negative(spikeAt + 100));
    const alert = detector.check(spikeAt + 200);
    expect(alert?.place.townCode).toBe(TOWN_B.code);
    expect(alert?.title).toBe('骆驼坳镇网络舆情负面激增');
    expect(alert?.original.topTopic).toBe('征地');
  });

  it('counts only its scope', () => {
    const detector = new NegativeSpikeDetector({
      ...OPTIONS,
      scope: { kind: 'town', code: TOWN_B.code },
    });
    feed(detector, [0, 0, 0, 0, 12]);
    expect(detector.check(T0 + 4 * WINDOW)).toBeNull();
  });

  it('forgets windows behind the baseline', () => {
    const detector = new NegativeSpikeDetector(OPTIONS);
    feed(detector, [30]);
    detector.check(T0 + 10 * WINDOW);
    expect(detector.measure(T0).count).toBe(0);
    expect(detector.measure(T0).covered).toBe(false);
  });
});
