// The lifetime of the map's chart instance, apart from Vue and the DOM so Node tests can drive it
// with a fake host: when to create, resize, recreate and dispose it.
import type { EChartsCoreOption } from 'echarts/core';

/** The part of an ECharts instance the map uses. */
export interface MapChartInstance {
  setOption(
    option: EChartsCoreOption,
    opts?: { notMerge?: boolean; lazyUpdate?: boolean },
  ): void;
  resize(): void;
  dispose(): void;
  on(eventName: 'click', handler: (params: unknown) => void): void;
  getWidth(): number;
  getHeight(): number;
}

export interface MapChartHost<
  Chart extends MapChartInstance = MapChartInstance,
> {
  /** Size of the chart's container in CSS pixels; 0×0 while hidden. */
  size(): { width: number; height: number };
  devicePixelRatio(): number;
  /** Creates an instance in the container that draws at `devicePixelRatio`. */
  create(devicePixelRatio: number): Chart;
  /**
   * Called after an option replaced the series of a live instance, for the host to forget the
   * area under the pointer: that area belongs to the series that is gone.
   */
  optionReplaced?(chart: Chart): void;
}

export class MapChartLifecycle<
  Chart extends MapChartInstance = MapChartInstance,
> {
  private chart: Chart | null = null;
  private option: EChartsCoreOption | null = null;
  private started = false;
  private disposed = false;

  constructor(
    private readonly host: MapChartHost<Chart>,
    private readonly onClick: (params: unknown) => void,
  ) {}

  /** The live instance, or null while hidden, before `start` and after `dispose`. */
  get instance(): Chart | null {
    return this.chart;
  }

  /** Allows the first draw, once the caller has loaded what the chart needs (the font). */
  start(): void {
    this.started = true;
    this.drawOrResize();
  }

  setOption(option: EChartsCoreOption): void {
    this.option = option;
    if (this.chart === null) {
      this.drawOrResize();
      return;
    }
    this.chart.setOption(option, { notMerge: true, lazyUpdate: true });
    this.host.optionReplaced?.(this.chart);
  }

  /** Follows the container's size; a hidden (0×0) container keeps its chart as it was. */
  containerResized(): void {
    this.drawOrResize();
  }

  /**
   * Creates the instance again at the new ratio, because ECharts reads the ratio only when an
   * instance is created. The old canvas would look blurred or oversized on the new display.
   */
  pixelRatioChanged(): void {
    if (this.chart === null) {
      return;
    }
    this.chart.dispose();
    this.chart = null;
    this.drawOrResize();
  }

  dispose(): void {
    this.disposed = true;
    this.chart?.dispose();
    this.chart = null;
  }

  private drawOrResize(): void {
    const { width, height } = this.host.size();
    if (
      this.disposed ||
      !this.started ||
      this.option === null ||
      width <= 0 ||
      height <= 0
    ) {
      return;
    }
    if (this.chart === null) {
      const chart = this.host.create(this.host.devicePixelRatio());
      chart.on('click', (params) => this.onClick(params));
      chart.setOption(this.option, { notMerge: true });
      this.chart = chart;
      return;
    }
    if (this.chart.getWidth() !== width || this.chart.getHeight() !== height) {
      this.chart.resize();
    }
  }
}
