// UI text of the wall layout editor, the playlists and the presenter mode. The Chinese table
// defines the keys; the English table must give every one of them.
import { currentLocale } from './index.js';

export const zhCNWalls = {
  'walls.title': '大屏布局与会商',
  'walls.loading': '正在读取大屏数据…',
  'walls.loadFailed': '读取大屏数据失败：{error}',
  'walls.rejected': '命令 {name} 被拒绝：{message}',
  'walls.submitted': '已提交：{name}',
  'walls.submitFailed': '提交失败：{error}',

  'layouts.heading': '布局',
  'layouts.none': '尚无已保存的布局',
  'layouts.new': '新建布局',
  'layouts.open': '编辑',
  'layouts.delete': '删除',
  'layouts.pendingSave': '待确认',

  'editor.name': '布局名称',
  'editor.columns': '列数',
  'editor.rows': '行数',
  'editor.applyGrid': '应用网格',
  'editor.catalogue': '面板目录',
  'editor.add': '添加',
  'editor.remove': '移除',
  'editor.resizeHandle': '拖动调整 {panel} 的大小',
  'editor.save': '保存布局',
  'editor.export': '导出文件',
  'editor.import': '导入文件',
  'editor.problems': '布局有 {count} 个问题，修正后才能保存：',
  'editor.nameMissing': '请填写布局名称。',
  'editor.saved': '布局“{name}”已提交保存。',
  'editor.noRoom': '网格中没有空位放置“{panel}”，请先缩小或移除其他面板。',
  'editor.editRejected': '无法这样调整：{message}',
  'editor.keyboardHint':
    '选中面板后：方向键移动，Shift+方向键调整大小，Delete 移除。',

  'import.heading': '导入的文件',
  'import.failed': '文件“{file}”无法导入，共 {count} 个问题：',
  'import.readFailed': '无法读取文件“{file}”：{error}',
  'import.tooLarge':
    '文件“{file}”有 {size} 字节，超过上限 {limit} 字节；请确认选择的是布局文件。',
  'import.summary': '文件“{file}”含 {layouts} 个布局、{playlists} 个轮播。',
  'import.saveAll': '全部保存到大厅',
  'import.openFirst': '在编辑器中打开',

  'playlist.heading': '轮播',
  'playlist.wall': '大屏',
  'playlist.name': '轮播名称',
  'playlist.layout': '布局',
  'playlist.dwell': '停留（秒）',
  'playlist.add': '添加一项',
  'playlist.up': '上移',
  'playlist.down': '下移',
  'playlist.remove': '删除',
  'playlist.save': '保存轮播',
  'playlist.clear': '取消轮播',
  'playlist.pause': '暂停轮播',
  'playlist.resume': '继续轮播',
  'playlist.paused': '已暂停',
  'playlist.running': '轮播中',
  'playlist.none': '未设轮播',
  'playlist.noLayouts': '请先保存至少一个布局。',
  'playlist.problems': '轮播有问题：',

  'presenter.heading': '联合会商',
  'presenter.idle': '当前无人主持会商',
  'presenter.activeBy': '{name} 正在主持（{since} 开始）',
  'presenter.you': '（本机）',
  'presenter.focusKind': '聚焦对象',
  'presenter.kind.incident': '事件',
  'presenter.kind.town': '乡镇',
  'presenter.kind.layout': '布局',
  'presenter.choose': '请选择',
  'presenter.name': '主持人姓名',
  'presenter.start': '开始会商',
  'presenter.focus': '切换聚焦',
  'presenter.end': '结束会商',
  'presenter.takeOver': '接管主持',
  'presenter.focusNow': '当前聚焦：{kind} · {label}',
  'presenter.badge': '会商模式',
  'presenter.panels': '相关面板',
  'presenter.timeline': '处置时间线',
  'presenter.resources': '调度资源',
} as const;

export type WallsMessageKey = keyof typeof zhCNWalls;

export const enWalls: Record<WallsMessageKey, string> = {
  'walls.title': 'Wall layouts and consultation',
  'walls.loading': 'Reading wall data…',
  'walls.loadFailed': 'Reading wall data failed: {error}',
  'walls.rejected': 'Command {name} was rejected: {message}',
  'walls.submitted': 'Submitted: {name}',
  'walls.submitFailed': 'Submit failed: {error}',

  'layouts.heading': 'Layouts',
  'layouts.none': 'No saved layouts yet',
  'layouts.new': 'New layout',
  'layouts.open': 'Edit',
  'layouts.delete': 'Delete',
  'layouts.pendingSave': 'Awaiting confirmation',

  'editor.name': 'Layout name',
  'editor.columns': 'Columns',
  'editor.rows': 'Rows',
  'editor.applyGrid': 'Apply grid',
  'editor.catalogue': 'Panel catalogue',
  'editor.add': 'Add',
  'editor.remove': 'Remove',
  'editor.resizeHandle': 'Drag to resize {panel}',
  'editor.save': 'Save layout',
  'editor.export': 'Export file',
  'editor.import': 'Import file',
  'editor.problems': 'The layout has {count} problem(s); fix them to save:',
  'editor.nameMissing': 'Enter a layout name.',
  'editor.saved': 'Layout "{name}" submitted for saving.',
  'editor.noRoom':
    'No free cells for "{panel}"; shrink or remove another panel first.',
  'editor.editRejected': 'Cannot change it that way: {message}',
  'editor.keyboardHint':
    'With a panel selected: arrow keys move it, Shift+arrow keys resize it, Delete removes it.',

  'import.heading': 'Imported file',
  'import.failed': 'File "{file}" cannot be imported, {count} problem(s):',
  'import.readFailed': 'Cannot read file "{file}": {error}',
  'import.tooLarge':
    'File "{file}" has {size} bytes, more than the limit of {limit}; check that it is a layout file.',
  'import.summary':
    'File "{file}" has {layouts} layout(s) and {playlists} playlist(s).',
  'import.saveAll': 'Save all to the hall',
  'import.openFirst': 'Open in the editor',

  'playlist.heading': 'Playlist',
  'playlist.wall': 'Wall',
  'playlist.name': 'Playlist name',
  'playlist.layout': 'Layout',
  'playlist.dwell': 'Dwell (s)',
  'playlist.add': 'Add entry',
  'playlist.up': 'Up',
  'playlist.down': 'Down',
  'playlist.remove': 'Remove',
  'playlist.save': 'Save playlist',
  'playlist.clear': 'Clear playlist',
  'playlist.pause': 'Pause rotation',
  'playlist.resume': 'Resume rotation',
  'playlist.paused': 'Paused',
  'playlist.running': 'Rotating',
  'playlist.none': 'No playlist',
  'playlist.noLayouts': 'Save at least one layout first.',
  'playlist.problems': 'The playlist has problems:',

  'presenter.heading': 'Joint consultation',
  'presenter.idle': 'Nobody presents now',
  'presenter.activeBy': '{name} presents (since {since})',
  'presenter.you': ' (this console)',
  'presenter.focusKind': 'Focus on',
  'presenter.kind.incident': 'Incident',
  'presenter.kind.town': 'Town',
  'presenter.kind.layout': 'Layout',
  'presenter.choose': 'Choose',
  'presenter.name': 'Presenter name',
  'presenter.start': 'Start presenting',
  'presenter.focus': 'Change focus',
  'presenter.end': 'End presenting',
  'presenter.takeOver': 'Take over',
  'presenter.focusNow': 'Focus: {kind} · {label}',
  'presenter.badge': 'Consultation',
  'presenter.panels': 'Panels',
  'presenter.timeline': 'Timeline',
  'presenter.resources': 'Resources',
};

/** Translates a walls key in the current locale, filling `{name}` placeholders. */
export function tWalls(
  key: WallsMessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const table = currentLocale.value === 'en' ? enWalls : zhCNWalls;
  return table[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
