// The ECharts option of the county map and the mapping from a click to a scope. Pure, so tests
// run it in Node with ECharts' server-side renderer.
import type { EChartsCoreOption } from 'echarts/core';
import type { MapArea } from '../../../../src-shared/map/geography.js';
import { drillDown, type MapScope } from '../../../../src-shared/map/scope.js';
import { FONT_STACK } from '../../shared/fonts.js';

const TEXT = '#e8eef7';
const TEXT_HALO = '#07111f';
const AREA_BORDER = '#7fd4ff';
const SELECTED_BORDER = '#ffd54a';
const NOTE = '#ffb347';
/** Background of the hover label; the wall e2e test finds the label on the canvas by this color. */
const HOVER_BACKGROUND = '#0c1b30';
/** Dark blue for nothing, through blue and amber, to red for the most; legible on the dark wall. */
const SCALE = ['#123a5c', '#1f78b4', '#f0b34a', '#e0452f'];

export const MAP_SERIES_ID = 'county-map';

export interface MapOptionInput {
  /** Name the areas' GeoJSON is registered under with `echarts.registerMap`. */
  mapName: string;
  areas: readonly MapArea[];
  /** Measure per area code; an area without an entry shows 0. */
  values: Readonly<Record<string, number>>;
  measureLabel: string;
  /** Area drawn with a highlighted border: the village of a village scope. */
  selectedCode: string | null;
  /** Smallest text of the wall type scale (`WallScale.minText`); every size of the map follows it. */
  fontSize: number;
  /** Width over height of one degree, about cos(latitude); see `aspectScaleOf`. */
  aspectScale: number;
  text: {
    /** Shown on the map when any area is schematic. */
    schematicNote: string;
    legendHigh: string;
    legendLow: string;
    /** Hover label template with `{name}`, `{measure}` and `{value}`. */
    tooltip: string;
  };
}

export interface MapDataItem {
  name: string;
  value: number;
  label: { formatter: string };
  itemStyle?: { borderColor: string; borderWidth: number };
}

/** Builds one data item per area: the code is the region name, the display name the label. */
export function mapDataItems(input: MapOptionInput): MapDataItem[] {
  return input.areas.map((area) => {
    const item: MapDataItem = {
      name: area.code,
      value: input.values[area.code] ?? 0,
      // A plain string formatter is drawn as is, because area names hold no `{` placeholders.
      label: { formatter: area.name },
    };
    if (area.code === input.selectedCode) {
      item.itemStyle = {
        borderColor: SELECTED_BORDER,
        borderWidth: Math.max(3, input.fontSize / 5),
      };
    }
    return item;
  });
}

/**
 * Option of the map panel: areas colored by the measure, a legend, and labels that show the
 * area's value on hover. The base option puts the legend left of the map, for a wide chart. A
 * media query moves it below a chart that is taller than wide, as on a portrait wall, where it
 * would leave the county a sliver.
 *
 * The hover value is the area's emphasis label, not an ECharts tooltip. A canvas (richText)
 * tooltip draws a function formatter's text at zrender's default 12 px, ignoring its textStyle
 * (ECharts 6.1, TooltipRichContent), and the HTML tooltip needs inline styles the CSP blocks.
 */
export function buildMapOption(input: MapOptionInput): EChartsCoreOption {
  const data = mapDataItems(input);
  const max = data.reduce((largest, item) => Math.max(largest, item.value), 1);
  const names = new Map(input.areas.map((area) => [area.code, area.name]));
  const schematic = input.areas.some((area) => area.schematic);
  const { fontSize } = input;

  const baseOption = {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    title: schematic
      ? {
          id: 'schematic-note',
          text: input.text.schematicNote,
          right: fontSize * 0.3,
          bottom: fontSize * 0.15,
          textStyle: { color: NOTE, fontSize, fontWeight: 'bold' },
        }
      : [],
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min: 0,
      max,
      calculable: false,
      left: fontSize * 0.3,
      bottom: fontSize * 2,
      itemWidth: fontSize,
      itemHeight: fontSize * 7,
      text: [`${input.text.legendHigh} ${max}`, `${input.text.legendLow} 0`],
      textStyle: { color: TEXT, fontSize },
      inRange: { color: SCALE },
    },
    series: [
      {
        id: MAP_SERIES_ID,
        type: 'map',
        map: input.mapName,
        name: input.measureLabel,
        roam: false,
        selectedMode: false,
        aspectScale: input.aspectScale,
        // Fit the county inside the box below. With all four sides given, ECharts would otherwise
        // stretch it to the box and squeeze it on a portrait wall.
        preserveAspect: 'contain',
        top: fontSize * 0.5,
        bottom: fontSize * 2.5,
        left: fontSize * 6,
        // Half of a long name centred on an area at the right edge.
        right: fontSize * 2,
        label: {
          show: true,
          color: TEXT,
          fontSize,
          fontWeight: 'bold',
          textBorderColor: TEXT_HALO,
          textBorderWidth: Math.max(2, fontSize / 8),
        },
        labelLayout: { hideOverlap: true },
        itemStyle: { borderColor: AREA_BORDER, borderWidth: 1 },
        emphasis: {
          label: {
            show: true,
            formatter: (params: unknown) => hoverText(params, names, input),
            color: '#ffffff',
            fontSize,
            lineHeight: fontSize * 1.3,
            textBorderWidth: 0,
            backgroundColor: HOVER_BACKGROUND,
            borderColor: AREA_BORDER,
            borderWidth: Math.max(1, fontSize / 13),
            borderRadius: fontSize * 0.2,
            padding: [fontSize * 0.3, fontSize * 0.5],
          },
          itemStyle: {
            borderColor: '#ffffff',
            borderWidth: Math.max(2, fontSize / 13),
          },
        },
        data,
      },
    ],
  };
  return {
    baseOption,
    media: [
      {
        query: { maxAspectRatio: 1 },
        option: tallChartLayout(fontSize, schematic),
      },
      {
        query: { maxHeight: fontSize * SHORT_CHART_EMS },
        option: shortChartLayout(fontSize),
      },
      {
        query: {
          maxHeight: fontSize * SHORT_CHART_EMS,
          maxWidth: fontSize * SHORT_NOTE_ROW_EMS,
        },
        option: { title: { id: 'schematic-note', show: false } },
      },
      {
        // A wide chart narrower than the note's one line would cut the note at its left edge.
        query: {
          minAspectRatio: WIDE_ASPECT,
          maxWidth: fontSize * NOTE_LINE_EMS,
        },
        option: { title: { id: 'schematic-note', show: false } },
      },
    ],
  };
}

/** Width of the schematic note on one line, in ems: about 21 em of text and a margin. */
const NOTE_LINE_EMS = 22;
/**
 * Smallest aspect ratio of a wide chart, whose note is one line; the tall layout, up to 1, breaks
 * the note into short lines instead.
 */
const WIDE_ASPECT = 1.01;

/**
 * Height of a short map chart, in ems: below it the upright legend (7 em of scale and its two
 * labels) would not fit, as in a one-row cell of a two-row wall.
 */
const SHORT_CHART_EMS = 11;
/**
 * Width of a short chart, in ems, below which the schematic note (about 21 em) and the flat legend
 * (about 9 em) do not fit side by side in the bottom row. The breadcrumb's 示意 tag still marks the
 * areas as schematic there.
 */
const SHORT_NOTE_ROW_EMS = 32;

/** Returns the legend laid flat in the chart's bottom-left corner, for a short or a tall chart. */
function flatLegend(fontSize: number): EChartsCoreOption {
  return {
    orient: 'horizontal',
    left: fontSize * 0.3,
    bottom: fontSize * 0.3,
    itemWidth: fontSize * 0.8,
    itemHeight: fontSize * 5,
  };
}

/**
 * Layout overrides for a short chart: the legend lies flat in the bottom row beside the note, so
 * the map gets the height that the upright legend and the note's own row took.
 */
function shortChartLayout(fontSize: number): EChartsCoreOption {
  return {
    visualMap: flatLegend(fontSize),
    series: [
      {
        id: MAP_SERIES_ID,
        top: fontSize * 0.3,
        bottom: fontSize * 1.6,
        left: fontSize * 0.5,
        right: fontSize * 2,
      },
    ],
  };
}

/** Layout overrides for a chart taller than wide: the note on top, the legend below the map. */
function tallChartLayout(
  fontSize: number,
  schematic: boolean,
): EChartsCoreOption {
  // Eight characters per line, so the note fits the narrowest map panel in three lines.
  const noteLineWidth = fontSize * 8;
  return {
    title: schematic
      ? {
          id: 'schematic-note',
          left: fontSize * 0.3,
          right: 'auto',
          top: 0,
          bottom: 'auto',
          textStyle: { width: noteLineWidth, overflow: 'break' },
        }
      : [],
    visualMap: flatLegend(fontSize),
    series: [
      {
        id: MAP_SERIES_ID,
        top: schematic ? fontSize * 4.5 : fontSize * 0.5,
        bottom: fontSize * 2.5,
        left: fontSize * 0.5,
        right: fontSize * 2,
      },
    ],
  };
}

/** Text of the hover label: the area's display name, the measure and its value. */
export function hoverText(
  params: unknown,
  names: ReadonlyMap<string, string>,
  input: MapOptionInput,
): string {
  const code = areaCodeOf(params);
  if (code === null) {
    return '';
  }
  const value = (params as { value?: unknown }).value;
  return input.text.tooltip
    .replace('{name}', names.get(code) ?? code)
    .replace('{measure}', input.measureLabel)
    .replace(
      '{value}',
      typeof value === 'number' && Number.isFinite(value) ? String(value) : '0',
    );
}

/** Area code of an ECharts event on the map series, or null for any other event. */
export function areaCodeOf(params: unknown): string | null {
  if (typeof params !== 'object' || params === null) {
    return null;
  }
  const event = params as {
    componentType?: unknown;
    seriesType?: unknown;
    name?: unknown;
  };
  if (event.componentType !== 'series' || event.seriesType !== 'map') {
    return null;
  }
  return typeof event.name === 'string' && event.name !== ''
    ? event.name
    : null;
}

/** Scope after a click on the map drawn for `scope`, or null when the click changes nothing. */
export function scopeAfterClick(
  scope: MapScope,
  params: unknown,
): MapScope | null {
  const code = areaCodeOf(params);
  return code === null ? null : drillDown(scope, code);
}

/** Registered map name for a scope: the county's towns, or one town's villages. */
export function mapNameFor(countyCode: string, scope: MapScope): string {
  return scope.level === 'county'
    ? `county-${countyCode}-towns`
    : `county-${countyCode}-town-${scope.townCode}-villages`;
}

/** cos(middle latitude) of the rings, so a degree of longitude is drawn at its true width. */
export function aspectScaleOf(
  rings: readonly (readonly (readonly [number, number])[])[],
): number {
  let minLatitude = Infinity;
  let maxLatitude = -Infinity;
  for (const ring of rings) {
    for (const [, latitude] of ring) {
      minLatitude = Math.min(minLatitude, latitude);
      maxLatitude = Math.max(maxLatitude, latitude);
    }
  }
  if (!Number.isFinite(minLatitude)) {
    return 1;
  }
  return Math.cos((((minLatitude + maxLatitude) / 2) * Math.PI) / 180);
}
