import { markRaw, onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import {
  chartFontWeights,
  chartText,
  isChartFontReady,
  loadChartFont,
} from './chart-font.js';
import type { EChartsCoreOption, EChartsType } from './echarts.js';
import { trackFirstDraw } from './first-draws.js';
import { cancelRedraw, flushRedraw, requestRedraw } from './frame-queue.js';
import { watchDevicePixelRatio } from './pixel-ratio.js';

export interface ChartHandle {
  /** The live instance, or null before the first render and after unmount. */
  instance(): EChartsType | null;
  /**
   * Merges `partial` into the drawn chart, for a layer that refreshes often (series matched by
   * `id` keep their state and animation). Ignored until the first render, which draws `option`.
   */
  merge(partial: EChartsCoreOption): void;
}

/**
 * Full option updates replace series by `id`, so a series left out of the new option goes away.
 * They run in a frame of the redraw queue, so ECharts lays out and paints at once instead of in
 * its own frame callback, beside other charts.
 */
const REPLACE_SERIES = { replaceMerge: ['series'] };

/** Attempts to load the font for text that changed while the previous load was running. */
const FONT_LOAD_ATTEMPTS = 3;

function hasSize(element: HTMLElement): boolean {
  return element.clientWidth > 0 && element.clientHeight > 0;
}

export interface ChartOptions {
  /**
   * The chart is created only while this is true, for a panel that has nothing to draw before its
   * data arrives. Loading and evaluating ECharts and laying out an empty chart would otherwise
   * hold the page's main thread while the data waits to be shown.
   */
  when?: Readonly<Ref<boolean>>;
  /** Delay after the container's last size change before the chart is resized. */
  resizeDebounceMs?: number;
}

/**
 * Owns one ECharts instance in `container`. The instance is created once the container has a
 * size, `when` is true and the bundled font covers the option's text. It follows `option`, resizes
 * (debounced) with the container, is created again when the device pixel ratio changes, and is
 * disposed on unmount. It stays out of Vue's reactivity, which would proxy its internals and
 * break its event handling.
 * A new `option` is drawn in a coming animation frame, one chart per frame (see frame-queue.ts),
 * so a caller that changes it often should throttle it first (see throttled-ref.ts).
 */
export function useChart(
  container: Ref<HTMLElement | null>,
  option: Ref<EChartsCoreOption>,
  { when, resizeDebounceMs = 150 }: ChartOptions = {},
): ChartHandle {
  let chart: EChartsType | null = null;
  let creating = false;
  let observer: ResizeObserver | null = null;
  let stopPixelRatio: (() => void) | null = null;
  let resizeTimer: ReturnType<typeof setTimeout> | null = null;
  let unmounted = false;
  let updates: Promise<void> = Promise.resolve();
  let queuedUpdates = 0;
  /** Key of this chart's full option update in the redraw queue. */
  const redrawKey = {};
  /** Ends this chart's count in `pendingFirstDraws`; set once it may draw, until it has drawn. */
  let firstDrawn: () => void = () => undefined;

  // ---- creation ----

  async function waitForFont(): Promise<void> {
    for (let attempt = 0; attempt < FONT_LOAD_ATTEMPTS; attempt += 1) {
      const text = chartText(option.value);
      const weights = chartFontWeights(option.value);
      if (isChartFontReady(text, weights)) {
        return;
      }
      await loadChartFont(text, undefined, weights);
    }
  }

  async function create(): Promise<void> {
    if (creating || chart !== null || when?.value === false) {
      return;
    }
    creating = true;
    // ECharts is a module of its own, loaded while the font loads, so that a page evaluates it
    // after its first work (mounting, asking main for data) rather than before.
    const library = import('./echarts.js');
    await waitForFont();
    const { echarts } = await library;
    // The option may have changed while ECharts loaded; this returns at once when the font covers it.
    await waitForFont();
    creating = false;

    const element = container.value;
    // A hidden or collapsed panel is 0×0; ECharts would draw nothing and warn. It is not part of
    // what the page first shows, so it stops counting as a first drawing to wait for.
    if (unmounted || element === null || !hasSize(element) || chart !== null) {
      firstDrawn();
      return;
    }
    chart = markRaw(
      echarts.init(element, null, {
        renderer: 'canvas',
        devicePixelRatio: window.devicePixelRatio,
      }),
    );
    chart.setOption(option.value);
    firstDrawn();
  }

  /** Draws again at the new ratio; ECharts reads the ratio only when an instance is created. */
  function recreate(): void {
    if (chart === null) {
      return;
    }
    chart.dispose();
    chart = null;
    void create();
  }

  // ---- size ----

  function resizeNow(): void {
    const element = container.value;
    if (unmounted || element === null || !hasSize(element)) {
      return;
    }
    if (chart === null) {
      void create();
      return;
    }
    if (
      chart.getWidth() !== element.clientWidth ||
      chart.getHeight() !== element.clientHeight
    ) {
      chart.resize();
    }
  }

  function onContainerResize(): void {
    // The first size of a container that started hidden draws at once, not after the debounce.
    if (chart === null) {
      resizeNow();
      return;
    }
    if (resizeTimer !== null) {
      clearTimeout(resizeTimer);
    }
    resizeTimer = setTimeout(() => {
      resizeTimer = null;
      resizeNow();
    }, resizeDebounceMs);
  }

  // ---- updates ----

  /**
   * Runs `update` on the chart once the font's `weights` cover `text`. Updates keep their order: one that
   * waits for the font holds back those after it.
   */
  function applyWhenFontReady(
    text: string,
    weights: readonly number[],
    update: (target: EChartsType) => void,
  ): void {
    if (queuedUpdates === 0 && isChartFontReady(text, weights)) {
      if (chart !== null) {
        update(chart);
      }
      return;
    }
    queuedUpdates += 1;
    updates = updates.then(async () => {
      await loadChartFont(text, undefined, weights);
      queuedUpdates -= 1;
      if (chart !== null && !unmounted) {
        update(chart);
      }
    });
  }

  // Options that change faster than frames collapse into one redraw with the latest option.
  watch(option, (next) => {
    applyWhenFontReady(chartText(next), chartFontWeights(next), () => {
      requestRedraw(redrawKey, () => {
        if (chart !== null && !unmounted) {
          chart.setOption(next, REPLACE_SERIES);
        }
      });
    });
  });

  function merge(partial: EChartsCoreOption): void {
    if (chart === null) {
      return;
    }
    applyWhenFontReady(
      chartText(partial),
      chartFontWeights(partial),
      (target) => {
        // A merge applies on top of the full option requested before it.
        flushRedraw(redrawKey);
        target.setOption(partial, { lazyUpdate: true });
      },
    );
  }

  // ---- lifetime ----

  onMounted(() => {
    const element = container.value;
    if (element === null) {
      return;
    }
    if (when === undefined) {
      firstDrawn = trackFirstDraw();
      void create();
    } else {
      watch(
        when,
        (value) => {
          if (value && !unmounted && chart === null) {
            firstDrawn();
            firstDrawn = trackFirstDraw();
            void create();
          }
        },
        { immediate: true },
      );
    }
    observer = new ResizeObserver(onContainerResize);
    observer.observe(element);
    stopPixelRatio = watchDevicePixelRatio(recreate);
  });

  onBeforeUnmount(() => {
    unmounted = true;
    firstDrawn();
    observer?.disconnect();
    observer = null;
    stopPixelRatio?.();
    stopPixelRatio = null;
    if (resizeTimer !== null) {
      clearTimeout(resizeTimer);
    }
    cancelRedraw(redrawKey);
    chart?.dispose();
    chart = null;
  });

  return { instance: () => chart, merge };
}
