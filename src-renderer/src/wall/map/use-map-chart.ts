import { markRaw, onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import {
  chartText,
  isChartFontReady,
  loadChartFont,
} from '../../charts/chart-font.js';
import { watchDevicePixelRatio } from '../../charts/pixel-ratio.js';
import { echarts } from './echarts-map.js';
import { MapChartLifecycle } from './map-chart-lifecycle.js';

export interface MapChartHandle {
  /** The live instance, or null while hidden, before the first draw and after unmount. */
  instance(): EChartsType | null;
}

/**
 * Owns the map's ECharts instance in `container`. It draws `option` once the container has a size
 * and the bundled font covers the labels, then follows `option` and the container's size
 * (debounced). It recreates the instance when the device pixel ratio changes, passes clicks to
 * `onClick` and disposes the instance on unmount. The instance never enters Vue's reactivity.
 */
export function useMapChart(
  container: Ref<HTMLElement | null>,
  option: Ref<EChartsCoreOption | null>,
  onClick: (params: unknown) => void,
  resizeDebounceMs = 150,
): MapChartHandle {
  let lifecycle: MapChartLifecycle<EChartsType> | null = null;
  let observer: ResizeObserver | null = null;
  let stopPixelRatio: (() => void) | null = null;
  let resizeTimer: ReturnType<typeof setTimeout> | null = null;
  let unmounted = false;

  function createLifecycle(
    element: HTMLElement,
  ): MapChartLifecycle<EChartsType> {
    return new MapChartLifecycle<EChartsType>(
      {
        size: () => ({
          width: element.clientWidth,
          height: element.clientHeight,
        }),
        devicePixelRatio: () => window.devicePixelRatio,
        create: (devicePixelRatio) =>
          markRaw(
            echarts.init(element, null, {
              renderer: 'canvas',
              devicePixelRatio,
            }),
          ),
        // ECharts would send the next mouseout to the hovered area of the replaced series and
        // fail reading its data (TypeError in getRawValue). Resetting zrender's pointer state
        // (its resize() does only that) makes the next move find the new area instead.
        optionReplaced: (chart) => chart.getZr().handler.resize(),
      },
      onClick,
    );
  }

  function scheduleResize(): void {
    if (resizeTimer !== null) {
      clearTimeout(resizeTimer);
    }
    resizeTimer = setTimeout(() => {
      resizeTimer = null;
      lifecycle?.containerResized();
    }, resizeDebounceMs);
  }

  /** Applies `next`, and again once the font covers new label text (a town's village names). */
  function apply(next: EChartsCoreOption | null): void {
    if (next === null || lifecycle === null) {
      return;
    }
    lifecycle.setOption(next);
    const text = chartText(next);
    if (isChartFontReady(text)) {
      return;
    }
    void loadChartFont(text).then((loaded) => {
      if (loaded && !unmounted && option.value === next) {
        lifecycle?.setOption(next);
      }
    });
  }

  onMounted(async () => {
    const element = container.value;
    if (element === null) {
      return;
    }
    lifecycle = createLifecycle(element);
    observer = new ResizeObserver(scheduleResize);
    observer.observe(element);
    stopPixelRatio = watchDevicePixelRatio(() =>
      lifecycle?.pixelRatioChanged(),
    );

    if (option.value !== null) {
      await loadChartFont(chartText(option.value));
    }
    if (unmounted) {
      return;
    }
    lifecycle.start();
    apply(option.value);
  });

  watch(option, apply);

  onBeforeUnmount(() => {
    unmounted = true;
    observer?.disconnect();
    observer = null;
    stopPixelRatio?.();
    stopPixelRatio = null;
    if (resizeTimer !== null) {
      clearTimeout(resizeTimer);
    }
    lifecycle?.dispose();
    lifecycle = null;
  });

  return { instance: () => lifecycle?.instance ?? null };
}
