// Font files for the town names of a county that IT staff configured. The bundled county's town
// names are in the charts' own font file (shared/fonts/ui-faces.css), which the page links from
// its head. Another county's names come from the bundled font's unicode-range files, which load
// only when a page requests their characters. Charts wait for the font before their first
// drawing, and town names are most of their text, so the wall requests them as soon as main has
// returned the county's division list.
import { parseDivisionCsv } from '../../../src-shared/map/divisions.js';
import { loadChartFont } from '../charts/chart-font.js';
import { FONT_STACK } from '../shared/fonts.js';

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

/** Loads the font files that the names of the towns in `divisionsCsv` need. */
export function loadTownFont(divisionsCsv: string): void {
  void loadChartFont(
    `${townNames(divisionsCsv)}${CHART_CHARACTERS}${FONT_STACK}`,
    undefined,
    NORMAL_WEIGHT,
  );
}
