import { describe, expect, it } from 'vitest';
import type { HandoverRecordData } from '../../../src-shared/roster/records.js';
import {
  escapeHtml,
  handoverPrintHtml,
} from '../../../src-renderer/src/console/duty/handover-print.js';
import { handoverPrintText } from '../../../src-renderer/src/console/duty/handover-print-text.js';

const record: HandoverRecordData = {
  id: 'handover-1',
  shiftEnd: Date.UTC(2026, 9, 3, 0, 30),
  outgoingId: 'o1',
  incomingId: 'o2',
  items: [{ logEntryId: 'log-1', text: '城关镇积水<未退>' }],
  instructions: [{ text: '继续关注河口水位' }],
  openIncidents: [{ incidentId: 'INC-7', text: '城关镇积水' }],
  watchItems: [],
  equipment: [
    { item: '值班电话', ok: true, note: '' },
    { item: '传真机', ok: false, note: '缺纸' },
  ],
  outgoingSignature: { personId: 'o1', at: Date.UTC(2026, 9, 3, 0, 31) },
  amendments: [
    {
      by: 'o2',
      at: Date.UTC(2026, 9, 3, 1, 0),
      reason: '补充事项',
      items: [{ text: '电力抢修已完成' }],
    },
  ],
  status: 'awaitingIncoming',
  responsibleId: 'o1',
  preparedAt: Date.UTC(2026, 9, 3, 0, 20),
  preparedBy: 'o1',
};

const format = {
  name: (id: string) => ({ o1: '王建国', o2: '李明' })[id] ?? id,
  time: (instant: number) => new Date(instant).toISOString().slice(0, 16),
};

describe('handover print', () => {
  it('escapes markup in recorded text', () => {
    expect(escapeHtml('<a href="x">&\'</a>')).toBe(
      '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('lists items, signatures, equipment and amendments', () => {
    const html = handoverPrintHtml(record, handoverPrintText(), format);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('城关镇积水&lt;未退&gt;');
    expect(html).not.toContain('<未退>');
    expect(html).toContain('<td>王建国</td><td>签字于 2026-10-03T00:31</td>');
    expect(html).toContain('<td>李明</td><td>未签字</td>');
    expect(html).toContain('传真机：异常（缺纸）');
    expect(html).toContain('值班电话：正常');
    expect(html).toContain('2026-10-03T01:00 李明：补充事项（电力抢修已完成）');
    expect(html).toContain('<h2>重点关注</h2><p class="none">无</p>');
  });
});
