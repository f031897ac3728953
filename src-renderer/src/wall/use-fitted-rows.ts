import {
  computed,
  onBeforeUnmount,
  onMounted,
  ref,
  watch,
  type Ref,
  type WatchSource,
} from 'vue';

/** Tolerance for sums of fractional row heights, in CSS px. */
const ROUNDING_PX = 0.01;

/**
 * Returns how many rows fit whole in `list`, which its container may shrink below its rows. `rows`
 * is the number of rows the list renders. Every row must be as tall as the first one shown, so
 * rows must not wrap. The count is unlimited until the list is measured. It is unlimited again for
 * one layout after `rows` changes or `area` changes size, so a list that shrank to its shown rows
 * gets back the rows that now fit. `area` is an element whose size its container sets.
 *
 * The sizes come from a ResizeObserver, which reports them after the browser's own layout, so
 * nothing forces an extra layout of the wall. The rows often render in another component's slot,
 * whose updates never call the caller's onUpdated, so a post-flush watcher on `rows` observes the
 * first row again once the new rows are in the page.
 */
export function useFittedRowCount(
  list: Ref<HTMLElement | null>,
  rows: WatchSource<number>,
  area: Ref<HTMLElement | null>,
): Readonly<Ref<number>> {
  /** Height of the list, or null until it is measured after the last change of the area. */
  const listHeight = ref<number | null>(null);
  const rowHeight = ref(0);
  let observer: ResizeObserver | null = null;
  let observedArea: Element | null = null;
  let observedList: Element | null = null;
  let observedRow: Element | null = null;
  let areaSize = '';

  /** Shows every row again and has the observer report the list's height after that layout. */
  function remeasure(): void {
    listHeight.value = null;
    if (observer !== null && observedList !== null) {
      observer.unobserve(observedList);
      observer.observe(observedList);
    }
  }

  function observe(): void {
    if (observer === null) {
      return;
    }
    if (area.value !== observedArea) {
      if (observedArea !== null) {
        observer.unobserve(observedArea);
      }
      observedArea = area.value;
      if (observedArea !== null) {
        observer.observe(observedArea);
      }
    }
    if (list.value !== observedList) {
      if (observedList !== null) {
        observer.unobserve(observedList);
      }
      listHeight.value = null;
      observedList = list.value;
      if (observedList !== null) {
        observer.observe(observedList);
      }
    }
    // A hidden row has no height, so the first shown row sets it. With every row hidden, the last
    // height measured still applies.
    const first = list.value?.querySelector(':scope > :not([hidden])') ?? null;
    if (first !== observedRow) {
      if (observedRow !== null) {
        observer.unobserve(observedRow);
      }
      observedRow = first;
      if (first !== null) {
        observer.observe(first);
      }
    }
  }

  onMounted(() => {
    observer = new ResizeObserver((entries) => {
      let areaChanged = false;
      for (const entry of entries) {
        const size = entry.borderBoxSize[0];
        const height = size?.blockSize ?? entry.contentRect.height;
        if (entry.target === observedArea) {
          const next = `${size?.inlineSize ?? entry.contentRect.width}x${height}`;
          areaChanged = areaSize !== '' && next !== areaSize;
          areaSize = next;
        } else if (entry.target === observedList) {
          listHeight.value = height;
        } else if (height > 0) {
          rowHeight.value = height;
        }
      }
      if (areaChanged) {
        remeasure();
      }
    });
    observe();
  });
  watch(
    [rows, list, area],
    ([count], [previousCount]) => {
      observe();
      if (count !== previousCount) {
        remeasure();
      }
    },
    { flush: 'post' },
  );
  onBeforeUnmount(() => observer?.disconnect());

  return computed(() =>
    listHeight.value !== null && rowHeight.value > 0
      ? Math.floor((listHeight.value + ROUNDING_PX) / rowHeight.value)
      : Number.POSITIVE_INFINITY,
  );
}
