// Name masking for walls: a personal name is shown as its surname, stars and the last character,
// because publishing full names needs each person's consent under the Personal Information
// Protection Law.
declare const masked: unique symbol;

/** Name returned by `maskName`. The wall view accepts no other kind of name. */
export type MaskedName = string & { readonly [masked]: true };

/**
 * Two-character surnames still in use. Treating them as one surname keeps 欧阳娜 from showing as
 * 欧*娜, which would reveal the whole given name.
 */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '司空',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '闻人',
  '钟离',
  '万俟',
  '单于',
]);

/** Separators inside transliterated names, such as 阿依古丽·买买提, which stay visible. */
const SEPARATORS = new Set(['·', '•', '・', ' ']);

/**
 * Masks a personal name: 张三明 → 张*明, 张三 → 张*, 欧阳娜 → 欧阳*, 欧阳明华 → 欧阳*华, a single
 * character unchanged. Longer names keep the surname and the last character and star the rest,
 * but separators stay. Characters are counted by code point, so rare characters outside the Basic
 * Multilingual Plane count once.
 */
export function maskName(name: string): MaskedName {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) {
    return chars.join('') as MaskedName;
  }
  const head = chars.slice(0, 2).join('');
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(head) ? 2 : 1;
  const given = chars.slice(surnameLength);
  if (given.length === 1) {
    return `${chars.slice(0, surnameLength).join('')}*` as MaskedName;
  }
  const middle = given
    .slice(0, -1)
    .map((char) => (SEPARATORS.has(char) ? char : '*'))
    .join('');
  return `${chars.slice(0, surnameLength).join('')}${middle}${given[given.length - 1]}` as MaskedName;
}
