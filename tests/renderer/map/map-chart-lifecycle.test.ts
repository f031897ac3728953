import { isProxy } from 'vue';
import { describe, expect, it } from 'vitest';
import type { EChartsCoreOption } from 'echarts/core';
import {
  MapChartLifecycle,
  type MapChartInstance,
} from '../../../src-renderer/src/wall/map/map-chart-lifecycle.js';

/** Records what the lifecycle does to it, sized like the container it was created in. */
class RecordingChart implements MapChartInstance {
  options: EChartsCoreOption[] = [];
  resizes = 0;
  disposed = false;
  clickHandlers: ((params: unknown) => void)[] = [];

  constructor(
    readonly devicePixelRatio: number,
    private readonly host: FakeHost,
  ) {
    this.width = host.width;
    this.height = host.height;
  }

  width: number;
  height: number;

  setOption(option: EChartsCoreOption): void {
    this.options.push(option);
  }

  resize(): void {
    this.resizes += 1;
    this.width = this.host.width;
    this.height = this.host.height;
  }

  dispose(): void {
    this.disposed = true;
  }

  on(_eventName: 'click', handler: (params: unknown) => void): void {
    this.clickHandlers.push(handler);
  }

  getWidth(): number {
    return this.width;
  }

  getHeight(): number {
    return this.height;
  }
}

class FakeHost {
  width = 0;
  height = 0;
  ratio = 1;
  created: RecordingChart[] = [];

  size() {
    return { width: this.width, height: this.height };
  }

  devicePixelRatio(): number {
    return this.ratio;
  }

  create(devicePixelRatio: number): RecordingChart {
    const chart = new RecordingChart(devicePixelRatio, this);
    this.created.push(chart);
    return chart;
  }
}

const OPTION_A: EChartsCoreOption = { series: [{ id: 'a' }] };
const OPTION_B: EChartsCoreOption = { series: [{ id: 'b' }] };

function setup(width = 800, height = 600) {
  const host = new FakeHost();
  host.width = width;
  host.height = height;
  const clicks: unknown[] = [];
  const lifecycle = new MapChartLifecycle(host, (params) =>
    clicks.push(params),
  );
  return { host, lifecycle, clicks };
}

describe('MapChartLifecycle', () => {
  it('waits for start before drawing', () => {
    const { host, lifecycle } = setup();
    lifecycle.setOption(OPTION_A);
    expect(host.created).toHaveLength(0);
    lifecycle.start();
    expect(host.created).toHaveLength(1);
    expect(host.created[0]?.options).toEqual([OPTION_A]);
  });

  it('waits for a size while hidden', () => {
    const { host, lifecycle } = setup(0, 0);
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    lifecycle.containerResized();
    expect(lifecycle.instance).toBeNull();

    host.width = 600;
    host.height = 300;
    lifecycle.containerResized();
    const chart = host.created[0];
    expect(chart?.getWidth()).toBe(600);
    expect(chart?.getHeight()).toBe(300);
    expect(chart?.resizes).toBe(0);
  });

  it('skips resize while hidden', () => {
    const { host, lifecycle } = setup();
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    host.width = 0;
    host.height = 0;
    lifecycle.containerResized();
    expect(host.created[0]?.resizes).toBe(0);
    expect(host.created).toHaveLength(1);
  });

  it('resizes only on a new size', () => {
    const { host, lifecycle } = setup();
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    lifecycle.containerResized();
    expect(host.created[0]?.resizes).toBe(0);
    host.width = 1000;
    lifecycle.containerResized();
    expect(host.created[0]?.resizes).toBe(1);
  });

  it('replaces the option on update', () => {
    const { host, lifecycle } = setup();
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    lifecycle.setOption(OPTION_B);
    expect(host.created[0]?.options).toEqual([OPTION_A, OPTION_B]);
  });

  it('recreates at a new pixel ratio', () => {
    const { host, lifecycle, clicks } = setup();
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    lifecycle.setOption(OPTION_B);
    host.ratio = 2;
    lifecycle.pixelRatioChanged();

    expect(host.created).toHaveLength(2);
    expect(host.created[0]?.disposed).toBe(true);
    const second = host.created[1];
    expect(second?.devicePixelRatio).toBe(2);
    expect(second?.options).toEqual([OPTION_B]);
    second?.clickHandlers[0]?.({ name: '421123100' });
    expect(clicks).toEqual([{ name: '421123100' }]);
    expect(lifecycle.instance).toBe(second);
  });

  it('forwards clicks', () => {
    const { host, lifecycle, clicks } = setup();
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    host.created[0]?.clickHandlers[0]?.({ name: 'x' });
    expect(clicks).toEqual([{ name: 'x' }]);
  });

  it('disposes for good', () => {
    const { host, lifecycle } = setup();
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    lifecycle.dispose();
    expect(host.created[0]?.disposed).toBe(true);
    expect(lifecycle.instance).toBeNull();
    lifecycle.setOption(OPTION_B);
    lifecycle.containerResized();
    lifecycle.pixelRatioChanged();
    expect(host.created).toHaveLength(1);
  });

  it('keeps the instance unproxied', () => {
    const { lifecycle } = setup();
    lifecycle.setOption(OPTION_A);
    lifecycle.start();
    expect(isProxy(lifecycle.instance)).toBe(false);
  });
});
