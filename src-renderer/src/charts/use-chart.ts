import { markRaw, onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { waitForCjkFont } from '../shared/fonts.js';
import {
  echarts,
  type EChartsCoreOption,
  type EChartsType,
} from './echarts.js';

export interface ChartHandle {
  /** The live instance, or null before the first render and after unmount. */
  instance(): EChartsType | null;
}

/**
 * Owns one ECharts instance in `container`: creates it once the CJK font is loaded and the
 * container has a size, follows `option`, resizes (debounced) with the container, and disposes it
 * on unmount. The instance stays out of Vue's reactivity, which would proxy its internals.
 */
export function useChart(
  container: Ref<HTMLElement | null>,
  option: Ref<EChartsCoreOption>,
  resizeDebounceMs = 150,
): ChartHandle {
  let chart: EChartsType | null = null;
  let observer: ResizeObserver | null = null;
  let resizeTimer: ReturnType<typeof setTimeout> | null = null;
  let unmounted = false;

  function hasSize(element: HTMLElement): boolean {
    return element.clientWidth > 0 && element.clientHeight > 0;
  }

  function renderOrResize(): void {
    const element = container.value;
    // A hidden or collapsed panel is 0×0; ECharts would draw nothing and warn.
    if (unmounted || element === null || !hasSize(element)) {
      return;
    }
    if (chart === null) {
      chart = markRaw(
        echarts.init(element, null, {
          renderer: 'canvas',
          devicePixelRatio: window.devicePixelRatio,
        }),
      );
      chart.setOption(option.value);
      return;
    }
    chart.resize();
  }

  function scheduleResize(): void {
    if (resizeTimer !== null) {
      clearTimeout(resizeTimer);
    }
    resizeTimer = setTimeout(() => {
      resizeTimer = null;
      renderOrResize();
    }, resizeDebounceMs);
  }

  onMounted(async () => {
    await waitForCjkFont();
    const element = container.value;
    if (unmounted || element === null) {
      return;
    }
    renderOrResize();
    observer = new ResizeObserver(scheduleResize);
    observer.observe(element);
  });

  watch(option, (next) => {
    chart?.setOption(next, { notMerge: true, lazyUpdate: true });
  });

  onBeforeUnmount(() => {
    unmounted = true;
    observer?.disconnect();
    observer = null;
    if (resizeTimer !== null) {
      clearTimeout(resizeTimer);
    }
    chart?.dispose();
    chart = null;
  });

  return { instance: () => chart };
}
