// The official roster notice (值班安排表) as one self-contained HTML document for A4 printing or
// saving as PDF. It carries no scripts and loads nothing, so it can open in a locked-down
// window. Each ISO week starts on a new page, so a week can be posted on its own.
import type { LocalDate } from '../../src-shared/roster/index.js';
import { parseLocalDate } from '../../src-shared/roster/index.js';
import type {
  DutyLine,
  DutyPerson,
  DutyPostColumn,
  PhoneDisplay,
  RosterExportInput,
  WeekGroup,
} from './model.js';
import {
  assignmentsFor,
  chineseWeekday,
  dayTypeLabel,
  dutyLines,
  groupDatesByIsoWeek,
  indexPeople,
  periodDates,
  resolvePostColumns,
} from './model.js';

export interface RosterPrintOptions {
  /** Document title, `值班安排表` by default, or `值班表` for short internal lists. */
  title?: string;
  /** Duty-office number printed in the footer. */
  dutyPhone: string;
  /** Leader who approved the roster, printed as 审批. */
  approvedBy: string;
  /** Issue date printed under the approval. */
  issuedOn?: LocalDate;
  /** Phone display mode, `masked` by default. */
  phoneDisplay?: PhoneDisplay;
}

const FONT_STACK =
  "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', " +
  "'PingFang SC', sans-serif";

const STYLE = `
@page { size: A4; margin: 15mm 12mm 15mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: 10pt; color: #000; }
.notice-head { text-align: center; margin-bottom: 4mm; }
.unit { font-size: 14pt; font-weight: 700; margin: 0 0 2mm; }
.title { font-size: 22pt; font-weight: 700; letter-spacing: 0.3em; margin: 0 0 3mm; }
.meta { display: flex; justify-content: space-between; font-size: 10.5pt; margin: 0; }
.week + .week { break-before: page; }
.week h2 { font-size: 12pt; margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.75pt solid #000; padding: 1.2mm 1.5mm; vertical-align: middle; }
th { background: #e8e8e8; font-weight: 700; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
col.date { width: 17mm; }
col.weekday { width: 14mm; }
col.day-type { width: 22mm; }
td.date, td.weekday { text-align: center; }
tr.off-day td.day-type { font-weight: 700; }
.duty + .duty { margin-top: 1.2mm; }
.duty .name { font-weight: 700; }
.duty .phone, .duty .span { display: block; font-size: 8.5pt; }
.notice-foot { margin-top: 6mm; display: flex; justify-content: space-between;
  break-inside: avoid; font-size: 10.5pt; }
.notice-foot p { margin: 0 0 1.5mm; }
`;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Writes a date the way official notices do, e.g. `2025年1月1日`. */
export function chineseDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${year}年${month}月${day}日`;
}

/** Renders the roster notice as a complete HTML document. */
export function renderRosterPrintHtml(
  input: RosterExportInput,
  options: RosterPrintOptions,
): string {
  const posts = resolvePostColumns(input);
  const people = indexPeople(input);
  const weeks = groupDatesByIsoWeek(periodDates(input));
  const title = options.title ?? '值班安排表';
  const context: TableContext = {
    input,
    posts,
    people,
    phoneDisplay: options.phoneDisplay ?? 'masked',
  };

  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    // The notice needs nothing but its inline styles, so everything else is blocked.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(`${input.unitName}${title}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    renderHead(input, title),
    ...weeks.map((week) => renderWeek(week, context)),
    renderFoot(options),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderHead(input: RosterExportInput, title: string): string {
  const period = `值班时间：${chineseDate(input.from)}至${chineseDate(input.to)}`;
  return [
    '<header class="notice-head">',
    `<p class="unit">${escapeHtml(input.unitName)}</p>`,
    `<h1 class="title">${escapeHtml(title)}</h1>`,
    `<p class="meta"><span>${escapeHtml(period)}</span>` +
      `<span>第${input.rosterVersion}版</span></p>`,
    '</header>',
  ].join('\n');
}

interface TableContext {
  input: RosterExportInput;
  posts: readonly DutyPostColumn[];
  people: ReadonlyMap<string, DutyPerson>;
  phoneDisplay: PhoneDisplay;
}

function renderWeek(week: WeekGroup, context: TableContext): string {
  const first = week.dates[0] ?? '';
  const last = week.dates[week.dates.length - 1] ?? '';
  const heading = `${week.label}（${first.slice(5)}至${last.slice(5)}）`;
  const headers = [
    '日期',
    '星期',
    '日类型',
    ...context.posts.map((p) => p.label),
  ];

  return [
    '<section class="week">',
    `<h2>${escapeHtml(heading)}</h2>`,
    '<table>',
    '<colgroup><col class="date"><col class="weekday"><col class="day-type">' +
      context.posts.map(() => '<col class="post">').join('') +
      '</colgroup>',
    `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...week.dates.map((date) => renderDayRow(date, context)),
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

function renderDayRow(date: LocalDate, context: TableContext): string {
  const info = context.input.calendar.dayInfo(date);
  const working = info.type === 'workday' || info.type === 'makeUpWorkday';
  const postCells = context.posts.map((post) => {
    const lines = dutyLines(
      assignmentsFor(context.input.assignments, date, post.id),
      context.people,
      context.phoneDisplay,
    );
    return `<td class="post">${lines.map(renderDutyLine).join('')}</td>`;
  });

  return (
    `<tr${working ? '' : ' class="off-day"'}>` +
    `<td class="date">${escapeHtml(date.slice(5))}</td>` +
    `<td class="weekday">${escapeHtml(chineseWeekday(date))}</td>` +
    `<td class="day-type">${escapeHtml(dayTypeLabel(info))}</td>` +
    postCells.join('') +
    '</tr>'
  );
}

function renderDutyLine(line: DutyLine): string {
  const phone =
    line.phone === undefined
      ? ''
      : `<span class="phone">${escapeHtml(line.phone)}</span>`;
  return (
    '<div class="duty">' +
    `<span class="name">${escapeHtml(line.name)}</span>${phone}` +
    `<span class="span">${escapeHtml(line.span)}</span>` +
    '</div>'
  );
}

function renderFoot(options: RosterPrintOptions): string {
  const issued = options.issuedOn
    ? `<p>印发日期：${escapeHtml(chineseDate(options.issuedOn))}</p>`
    : '';
  return [
    '<footer class="notice-foot">',
    `<div><p>值班电话：${escapeHtml(options.dutyPhone)}</p></div>`,
    `<div><p>审批：${escapeHtml(options.approvedBy)}</p>${issued}</div>`,
    '</footer>',
  ].join('\n');
}
