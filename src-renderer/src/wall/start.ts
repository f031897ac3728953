// The wall's page after its early link (main.ts): zod's CSP setting first, then the app.
import '../shared/zod-csp.js';
import { getBridge } from '../bridge/index.js';
import { startWindow } from '../shared/bootstrap.js';
import App from './App.vue';
import { countyName, countyNameOf } from './county-name.js';
import { loadTownFont } from './town-font.js';

startWindow('wall', App);

// Every wall draws charts once the snapshot is shown, and ECharts is the largest module. Evaluating
// it now fills the time the page waits for the snapshot, instead of coming after the data.
void import('../charts/echarts.js');

// The division list names the county for the wall's title. A county that IT staff configured has
// its own town names, whose font files load once main returns the list.
void getBridge('wall')
  .invoke('map:county', {})
  .then((result) => {
    if (!result.ok) {
      return;
    }
    countyName.value = countyNameOf(result.value.divisionsCsv);
    if (result.value.source === 'config') {
      loadTownFont(result.value.divisionsCsv);
    }
  });
