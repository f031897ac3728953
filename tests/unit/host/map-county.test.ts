// The `map:county` channel: walls get the configured county files when main has them, the bundled
// 罗田县 files otherwise, and a malformed request is rejected like on every channel.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createInvokeRouter,
  type InvokeCaller,
} from '../../../src-main/router/index.js';
import {
  CountyMapFilesResponse,
  type BridgeResult,
} from '../../../src-shared/contract/index.js';
import { createFakeCore } from './fake-core.js';

const appInfo = {
  name: 'command-hall-console',
  version: '1.2.3',
  host: 'browser' as const,
  locale: 'zh-CN',
};
const wallCaller: InvokeCaller = {
  windowKind: 'wall',
  windowName: 'wall-1',
  readOnly: true,
};

function valueOf(result: BridgeResult<unknown>): unknown {
  if (!result.ok) {
    throw new Error(
      `expected a value, got ${result.error.code}: ${result.error.message}`,
    );
  }
  return result.value;
}

describe('map:county channel', () => {
  it('serves the bundled county by default', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const value = CountyMapFilesResponse.parse(
      valueOf(await router.handle('map:county', {}, wallCaller)),
    );

    const bundled = resolve('resources', 'data');
    expect(value).toEqual({
      outlineGeoJson: readFileSync(
        join(bundled, 'luotian-421123-outline.geojson'),
        'utf8',
      ),
      divisionsCsv: readFileSync(
        join(bundled, 'luotian-421123-divisions.csv'),
        'utf8',
      ),
      townBoundariesGeoJson: null,
      source: 'bundled',
    });
  });

  it('serves the configured files', async () => {
    const configured = {
      outlineGeoJson: '{"type":"FeatureCollection","features":[]}',
      divisionsCsv: 'code,level,name,parent_code\n',
      townBoundariesGeoJson: '{"type":"FeatureCollection","features":[]}',
      source: 'config' as const,
    };
    const router = createInvokeRouter(createFakeCore(), {
      ...appInfo,
      countyMap: configured,
    });

    const first = await router.handle('map:county', {}, wallCaller);
    const second = await router.handle(
      'map:county',
      {},
      {
        windowKind: 'console',
        windowName: 'main',
        readOnly: false,
      },
    );

    expect(valueOf(first)).toEqual(configured);
    expect(valueOf(second)).toEqual(configured);
  });

  it('rejects a request with fields', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const result = await router.handle(
      'map:county',
      { county: '421123' },
      wallCaller,
    );

    expect(result.ok ? null : result.error.code).toBe('invalid-request');
  });
});
