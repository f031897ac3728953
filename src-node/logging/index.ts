export { createLogger, formatText, logSink, LOG_LEVELS } from './logger.js';
export type {
  Logger,
  LogFields,
  LogLevel,
  LogRecord,
  LogSinkOptions,
} from './logger.js';
export { redactText, redactValue, setRedactedHome } from './redact.js';
