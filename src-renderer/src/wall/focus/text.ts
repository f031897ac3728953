import { currentLocale } from '../../i18n/index.js';

const zhCN: Record<string, string> = {
  'focus.incidentMissing': '该事件尚未同步到本屏',
  'focus.noResources': '尚未派出力量',
  'focus.state.reported': '已上报',
  'focus.state.accepted': '已受理',
  'focus.state.dispatched': '已派遣',
  'focus.state.in_progress': '处置中',
  'focus.state.feedback': '已反馈',
  'focus.state.verified': '已核查',
  'focus.state.closed': '已办结',
  'focus.state.cancelled': '已撤销',
  'focus.state.merged': '已并案',
  'focus.resource.available': '可调派',
  'focus.resource.assigned': '已指派',
  'focus.resource.en_route': '在途',
  'focus.resource.on_scene': '在现场',
  'focus.resource.off_duty': '不在岗',
  'focus.townCounts': '本镇警情 {count} 起',
};

const en: Record<keyof typeof zhCN, string> = {
  'focus.incidentMissing': 'This incident has not reached this wall yet',
  'focus.noResources': 'No one dispatched yet',
  'focus.state.reported': 'Reported',
  'focus.state.accepted': 'Accepted',
  'focus.state.dispatched': 'Dispatched',
  'focus.state.in_progress': 'In progress',
  'focus.state.feedback': 'Feedback',
  'focus.state.verified': 'Verified',
  'focus.state.closed': 'Closed',
  'focus.state.cancelled': 'Cancelled',
  'focus.state.merged': 'Merged',
  'focus.resource.available': 'Available',
  'focus.resource.assigned': 'Assigned',
  'focus.resource.en_route': 'En route',
  'focus.resource.on_scene': 'On scene',
  'focus.resource.off_duty': 'Off duty',
  'focus.townCounts': '{count} alerts in this town',
};

/** Translates the focus panels' text; an unknown key shows as itself so the gap is noticed. */
export function tWallFocus(
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const table = currentLocale.value === 'en' ? en : zhCN;
  const template = table[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
