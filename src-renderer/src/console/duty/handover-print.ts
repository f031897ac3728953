import type { HandoverRecordData } from '../../../../src-shared/roster/records.js';

/** Text of the printed handover record, in the console's language. */
export interface HandoverPrintText {
  title: string;
  shiftEnd: string;
  outgoing: string;
  incoming: string;
  openItems: string;
  instructions: string;
  openIncidents: string;
  watchItems: string;
  equipment: string;
  amendments: string;
  signedAt: string;
  notSigned: string;
  none: string;
  equipmentOk: string;
  equipmentFault: string;
  equipmentUnchecked: string;
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function list(items: readonly string[], none: string): string {
  if (items.length === 0) {
    return `<p class="none">${escapeHtml(none)}</p>`;
  }
  return `<ol>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>`;
}

/**
 * Builds a printable A4 page of one handover, signed or not, with its amendments after the
 * original items. Names and times arrive formatted, so the page matches what the console shows.
 */
export function handoverPrintHtml(
  record: HandoverRecordData,
  text: HandoverPrintText,
  format: { name(id: string): string; time(instant: number): string },
): string {
  const signature = (
    role: string,
    personId: string,
    signed: HandoverRecordData['outgoingSignature'],
  ): string =>
    `<tr><th>${escapeHtml(role)}</th><td>${escapeHtml(format.name(personId))}</td><td>${
      signed === undefined
        ? escapeHtml(text.notSigned)
        : escapeHtml(`${text.signedAt} ${format.time(signed.at)}`)
    }</td></tr>`;
  const equipment = record.equipment.map((check) => {
    const state =
      check.ok === null
        ? text.equipmentUnchecked
        : check.ok
          ? text.equipmentOk
          : text.equipmentFault;
    return `${check.item}：${state}${check.note === '' ? '' : `（${check.note}）`}`;
  });
  const amendments = record.amendments.map(
    (amendment) =>
      `${format.time(amendment.at)} ${format.name(amendment.by)}：${amendment.reason}（${amendment.items
        .map((item) => item.text)
        .join('；')}）`,
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(text.title)}</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans SC", "Source Han Sans SC", sans-serif; font-size: 11pt; color: #000; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 8mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #000; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 2mm 3mm; text-align: left; }
.none { color: #444; }
</style></head><body>
<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(`${text.shiftEnd} ${format.time(record.shiftEnd)}`)}</p>
<table>
${signature(text.outgoing, record.outgoingId, record.outgoingSignature)}
${signature(text.incoming, record.incomingId, record.incomingSignature)}
</table>
<h2>${escapeHtml(text.openItems)}</h2>${list(
    record.items.map((item) => item.text),
    text.none,
  )}
<h2>${escapeHtml(text.instructions)}</h2>${list(
    record.instructions.map((item) => item.text),
    text.none,
  )}
<h2>${escapeHtml(text.openIncidents)}</h2>${list(
    record.openIncidents.map((incident) => incident.text),
    text.none,
  )}
<h2>${escapeHtml(text.watchItems)}</h2>${list(record.watchItems, text.none)}
<h2>${escapeHtml(text.equipment)}</h2>${list(equipment, text.none)}
<h2>${escapeHtml(text.amendments)}</h2>${list(amendments, text.none)}
</body></html>
`;
}
