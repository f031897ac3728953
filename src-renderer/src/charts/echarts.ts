// Registers only what the wall draws, so the bundle leaves out the rest of ECharts. There is no
// tooltip: the wall is not interactive, and ECharts' HTML tooltips use inline styles the CSP blocks.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

// LabelLayout runs the options' `labelLayout` (hideOverlap); without it ECharts ignores them.
echarts.use([BarChart, LineChart, GridComponent, LabelLayout, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption, EChartsType } from 'echarts/core';
