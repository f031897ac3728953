// Roster and duty-log exports from the duty tabs: main builds the file from its cache over the
// `roster:export` channel, and the renderer saves it through a Blob and an anchor download.
import type {
  InvokeRequest,
  RosterExportFile,
} from '../../../../src-shared/contract/index.js';
import { getBridge } from '../../bridge/index.js';

export type DutyExportRequest = InvokeRequest<'roster:export'>;

/** Asks main for an export file; rejects with main's message when it cannot build one. */
export type DutyExporter = (
  request: DutyExportRequest,
) => Promise<RosterExportFile>;

/** Exports through this window's bridge to main. */
export const bridgeExporter: DutyExporter = async (request) => {
  const result = await getBridge('console').invoke('roster:export', request);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
};

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) {
    bytes[index] = binary.charCodeAt(index);
  }
  return bytes;
}

/** Saves an exported file through the browser's download, under its own name. */
export function saveExportedFile(file: RosterExportFile): void {
  const blob = new Blob([decodeBase64(file.base64)], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has read the URL once click() returns, but Chromium needs a turn to start it.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
