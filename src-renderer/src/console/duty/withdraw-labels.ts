// Labels of the roster tab's withdraw form and of the queued-commands hint. They stay here until
// the lead merges them into src-renderer/src/i18n/duty.ts, which the duty area does not own.
import { currentLocale } from '../../i18n/index.js';

const zhCNWithdraw = {
  title: '撤回排班',
  date: '值班日期',
  assignment: '排班',
  submit: '撤回',
  pick: '请选择日期和排班',
  queued: '待发送命令',
} as const;

const enWithdraw: Record<keyof typeof zhCNWithdraw, string> = {
  title: 'Withdraw an assignment',
  date: 'Shift date',
  assignment: 'Assignment',
  submit: 'Withdraw',
  pick: 'Pick a date and an assignment',
  queued: 'Commands waiting to be sent:',
};

/** Returns the label of `key` in the current locale. */
export function tWithdraw(key: keyof typeof zhCNWithdraw): string {
  return (currentLocale.value === 'en' ? enWithdraw : zhCNWithdraw)[key];
}
