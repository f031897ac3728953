export {
  DEFAULT_HOST_PORT,
  ENV_NAMES,
  LANGUAGES,
  SCENARIOS,
  optionsHelp,
  parseConsoleOptions,
} from './options.js';
export type {
  ConsoleOptions,
  Language,
  ParseOptionsContext,
  ParseOptionsResult,
  Scenario,
} from './options.js';
export {
  BUNDLED_DIVISIONS_FILE,
  BUNDLED_OUTLINE_FILE,
  bundledCountyMapFiles,
  defaultBundledMapDir,
  loadCountyMapFiles,
} from './county-map.js';
export type {
  CountyMapFiles,
  CountyMapLoad,
  CountyMapPaths,
} from './county-map.js';
