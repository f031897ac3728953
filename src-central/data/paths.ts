import { fileURLToPath } from 'node:url';

/**
 * Folder of the bundled data files (`resources/data` at the repository root). Callers pass an
 * explicit folder or file path to use other data, for example a county's own division list.
 */
export const DEFAULT_DATA_DIR = fileURLToPath(
  new URL('../../resources/data/', import.meta.url),
);

export const DATA_FILES = {
  divisions: 'luotian-421123-divisions.csv',
  codes: 'gbt31000-codes.csv',
  open311: 'open311-nyc-2011-sample.csv',
} as const;
