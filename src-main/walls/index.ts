export * from './apply-steps.js';
export * from './config-file.js';
export * from './state-file.js';
export {
  readTextFile,
  writeFileAtomic,
  type ReadTextResult,
} from './json-file.js';
