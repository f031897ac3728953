// Labels of the export buttons and the holiday-year form. They stay here until the lead merges
// them into src-renderer/src/i18n/duty.ts, which the duty area does not own.
import { currentLocale } from '../../i18n/index.js';

const zhCNDutyExtra = {
  exportXlsx: '导出Excel',
  exportIcs: '导出日历(iCal)',
  exportPrint: '打印版(A4)',
  exportJson: '备份(JSON)',
  exportLogXlsx: '导出值班日志',
  exportMonth: '月份',
  exportFailed: '导出失败：{message}',
  holidayTitle: '录入节假日安排',
  holidayYear: '年份',
  holidayNotice: '文号',
  holidayIssuedOn: '发布日期',
  holidayDays:
    '每行一个日期：YYYY-MM-DD 类型 [名称]（类型：法定、休、周末、班）',
  holidaySubmit: '提交',
  holidayBadLine: '第{line}行无法识别：{text}',
  holidaySent: '已提交，等待中心校验',
  toIncident: '转为事件',
  toIncidentTitle: '事件标题',
  toIncidentPlace: '地点',
} as const;

type DutyExtraKey = keyof typeof zhCNDutyExtra;

const enDutyExtra: Record<DutyExtraKey, string> = {
  exportXlsx: 'Export Excel',
  exportIcs: 'Export calendar (iCal)',
  exportPrint: 'Print (A4)',
  exportJson: 'Backup (JSON)',
  exportLogXlsx: 'Export duty log',
  exportMonth: 'Month',
  exportFailed: 'Export failed: {message}',
  holidayTitle: 'Enter a holiday arrangement',
  holidayYear: 'Year',
  holidayNotice: 'Notice number',
  holidayIssuedOn: 'Issued on',
  holidayDays:
    'One date per line: YYYY-MM-DD type [name] (types: statutoryHoliday, restInLieu, weekend, makeUpWorkday)',
  holidaySubmit: 'Submit',
  holidayBadLine: 'Line {line} is not understood: {text}',
  holidaySent: 'Submitted; the central checks it',
  toIncident: 'Open as incident',
  toIncidentTitle: 'Incident title',
  toIncidentPlace: 'Place',
};

/** Returns the label of `key` in the current locale, with `{name}` placeholders filled in. */
export function tDutyExtra(
  key: DutyExtraKey,
  params: Record<string, string | number> = {},
): string {
  const template = (currentLocale.value === 'en' ? enDutyExtra : zhCNDutyExtra)[
    key
  ];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
