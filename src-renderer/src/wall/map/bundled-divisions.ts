// The division list of the bundled reference county, 罗田县 (see resources/data/ATTRIBUTION.md),
// in a module of its own, so that the wall can read its town names at start without loading the
// county's outline.
import divisionsCsv from '../../../../resources/data/luotian-421123-divisions.csv?raw';

export const BUNDLED_DIVISIONS_CSV: string = divisionsCsv;
