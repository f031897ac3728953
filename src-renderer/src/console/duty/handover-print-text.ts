import { currentLocale } from '../../i18n/index.js';
import type { HandoverPrintText } from './handover-print.js';

const zhCN: HandoverPrintText = {
  title: '值班交接班记录',
  shiftEnd: '交班时间',
  outgoing: '交班人',
  incoming: '接班人',
  openItems: '未办结事项',
  instructions: '领导批示',
  openIncidents: '在办事件',
  watchItems: '重点关注',
  equipment: '设备检查',
  amendments: '更正记录',
  signedAt: '签字于',
  notSigned: '未签字',
  none: '无',
  equipmentOk: '正常',
  equipmentFault: '异常',
  equipmentUnchecked: '未检查',
};

const en: HandoverPrintText = {
  title: 'Duty handover record',
  shiftEnd: 'Shift ends',
  outgoing: 'Outgoing officer',
  incoming: 'Incoming officer',
  openItems: 'Open items',
  instructions: "Leaders' instructions",
  openIncidents: 'Open incidents',
  watchItems: 'Watch items',
  equipment: 'Equipment check',
  amendments: 'Amendments',
  signedAt: 'signed at',
  notSigned: 'not signed',
  none: 'none',
  equipmentOk: 'working',
  equipmentFault: 'fault',
  equipmentUnchecked: 'not checked',
};

/** Returns the handover print text in the console's current language. */
export function handoverPrintText(): HandoverPrintText {
  return currentLocale.value === 'en' ? en : zhCN;
}
