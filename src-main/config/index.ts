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
