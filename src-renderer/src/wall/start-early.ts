// Work started before the wall's other modules are evaluated (the panels), so that it overlaps
// their evaluation and the wait for the first snapshot:
// - the bridge to main opens, so the WebSocket handshake of the browser host is under way when
//   the app mounts and asks for its snapshot (the bridge is one per page, so the app gets this one);
// - ECharts, which the charts load on first use, starts to download and compile;
// - the bundled font's files for the county's town names load. Charts wait for the font before
//   their first drawing, and town names are most of their text, so without this the first
//   drawing waits for those files after the snapshot arrives. The bundled county's division list
//   is part of this script, so its files load without waiting for main. A county that IT staff
//   configured adds its own names when main returns its files.
import { parseDivisionCsv } from '../../../src-shared/map/divisions.js';
import { getBridge } from '../bridge/index.js';
import { loadChartFont } from '../charts/chart-font.js';
import { FONT_STACK } from '../shared/fonts.js';
import { BUNDLED_DIVISIONS_CSV } from './map/bundled-divisions.js';

/** Characters of numbers, hours and axis labels, beside the town names. */
const CHART_CHARACTERS = '0123456789:.-+%';

/** Weight of the charts' text; bold text waits for its own files as before. */
const NORMAL_WEIGHT = [400];

function townNames(divisionsCsv: string): string {
  try {
    return parseDivisionCsv(divisionsCsv)
      .towns.map((town) => town.name)
      .join('');
  } catch {
    // A bad file is reported by the map panel, which parses it again.
    return '';
  }
}

function loadTownFont(divisionsCsv: string): void {
  void loadChartFont(
    `${townNames(divisionsCsv)}${CHART_CHARACTERS}${FONT_STACK}`,
    undefined,
    NORMAL_WEIGHT,
  );
}

const bridge = getBridge('wall');
void import('../charts/echarts.js');

loadTownFont(BUNDLED_DIVISIONS_CSV);
void bridge.invoke('map:county', {}).then((result) => {
  if (result.ok && result.value.source === 'config') {
    loadTownFont(result.value.divisionsCsv);
  }
});
