import { describe, expect, it } from 'vitest';
import {
  parseDivisionCsv,
  shortDivisionName,
  splitCsv,
  villagesOfTown,
} from '../../../src-shared/map/divisions.js';
import { luotianDivisions } from './fixtures.js';

const HEADER = 'code,level,name,parent_code\n';

describe('parseDivisionCsv with the Luotian list', () => {
  const divisions = luotianDivisions();

  it('reads the county, towns and villages', () => {
    expect(divisions.county).toMatchObject({ code: '421123', name: '罗田县' });
    expect(divisions.towns).toHaveLength(17);
    expect(divisions.villages).toHaveLength(441);
    expect(divisions.problems).toEqual([]);
  });

  it('sorts towns by code', () => {
    const codes = divisions.towns.map((town) => town.code);
    expect(codes).toEqual([...codes].sort());
    expect(divisions.towns[0]?.name).toBe('凤山镇');
  });

  it('shortens village names', () => {
    const village = divisions.villages.find(
      (item) => item.code === '421123100001',
    );
    expect(village?.shortName).toBe('万密斋社区');
    expect(villagesOfTown(divisions, '421123100')).toHaveLength(60);
  });
});

describe('parseDivisionCsv with broken lists', () => {
  it('requires the header columns', () => {
    expect(() => parseDivisionCsv('code,name\n421123,罗田县\n')).toThrow(
      /level, parent_code/,
    );
  });

  it('requires one county row', () => {
    expect(() =>
      parseDivisionCsv(`${HEADER}421123100,town,甲镇,421123\n`),
    ).toThrow(/exactly one county row, found 0/);
  });

  it('lists bad rows as problems', () => {
    const divisions = parseDivisionCsv(
      `${HEADER}421123,county,罗田县,421100\n` +
        '421123100,town,甲镇,421123\n' +
        '4211231,town,短码镇,421123\n' +
        '421123100001,village,甲村村民委员会,421123100\n' +
        '421123100001,village,重复村民委员会,421123100\n' +
        '421123199001,village,孤村村民委员会,421123199\n' +
        '421123100009,grid,网格,421123100\n',
    );
    expect(divisions.towns.map((town) => town.code)).toEqual(['421123100']);
    expect(divisions.villages.map((village) => village.code)).toEqual([
      '421123100001',
    ]);
    expect(divisions.problems).toHaveLength(4);
    expect(divisions.problems.join('\n')).toContain(
      'line 4: a town code needs 9 digits',
    );
    expect(divisions.problems.join('\n')).toContain('unknown level "grid"');
    expect(divisions.problems.join('\n')).toContain('appears twice');
    expect(divisions.problems.join('\n')).toContain(
      'parent 421123199 is not in the list',
    );
  });

  it('reads quoted fields and a byte order mark', () => {
    const divisions = parseDivisionCsv(
      `\uFEFF${HEADER}421123,county,"罗田县",421100\r\n421123100,town,"甲镇,""新区""",421123\r\n`,
    );
    expect(divisions.towns[0]?.name).toBe('甲镇,"新区"');
  });
});

describe('CSV helpers', () => {
  it('splits rows and skips blank lines', () => {
    expect(splitCsv('a,b\n\n"c,d",e')).toEqual([
      ['a', 'b'],
      ['c,d', 'e'],
    ]);
  });

  it('shortens committee names', () => {
    expect(shortDivisionName('桥南村村民委员会')).toBe('桥南村');
    expect(shortDivisionName('龚家河村民委员会')).toBe('龚家河村');
    expect(shortDivisionName('万密斋社区居民委员会')).toBe('万密斋社区');
    expect(shortDivisionName('林场生活区')).toBe('林场生活区');
  });
});
