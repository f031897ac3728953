import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../../src-shared/contract/index.js';

/** Creates a temporary folder and returns it with a cleanup function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `central-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds a valid alert with `id`, for tests that need events with real alert bodies. */
export function sampleAlert(
  id: string,
  publishedAt = 1_700_000_000_000,
): Alert {
  return {
    id,
    platform: 'test',
    source: { adapter: 'test', externalId: id },
    title: `测试事件 ${id}`,
    description: '',
    eventType: { code: '0201', label: '用水排水通行通风采光' },
    emergencyClass: 'social_security',
    level: 4,
    place: {
      divisionCode: null,
      townCode: null,
      townName: '凤山镇',
      villageName: null,
      address: null,
      lat: null,
      lon: null,
    },
    occurredAt: publishedAt,
    publishedAt,
    status: 'new',
    original: {},
  };
}
