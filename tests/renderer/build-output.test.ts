import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { rendererConfig } from '../../src-renderer/vite.config.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'";

describe('renderer build output', () => {
  let outDir = '';
  let assets: string[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'renderer-build-'));
    await build({
      ...rendererConfig,
      configFile: false,
      logLevel: 'silent',
      build: { ...rendererConfig.build, outDir },
    });
    assets = await readdir(path.join(outDir, 'assets'));
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  for (const page of ['console.html', 'wall.html']) {
    it(`${page} carries the strict CSP`, async () => {
      const html = await readFile(path.join(outDir, page), 'utf8');
      expect(html).toContain(`content="${CSP}"`);
    });

    it(`${page} has no inline script or style`, async () => {
      const html = await readFile(path.join(outDir, page), 'utf8');
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) {
        expect(tag).toMatch(/\ssrc="\.\/assets\//);
      }
      expect(html).not.toMatch(/<style\b/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/\son[a-z]+=/);
    });
  }

  it('bundles the CJK font as files', async () => {
    const woff2 = assets.filter(
      (name) => name.startsWith('noto-sans-sc-') && name.endsWith('.woff2'),
    );
    expect(woff2.some((name) => name.includes('-400-normal'))).toBe(true);
    expect(woff2.some((name) => name.includes('-700-normal'))).toBe(true);
    expect(woff2.some((name) => name.includes('-300-normal'))).toBe(false);

    for (const css of assets.filter((name) => name.endsWith('.css'))) {
      const text = await readFile(path.join(outDir, 'assets', css), 'utf8');
      expect(text).not.toContain('data:font');
      expect(text).not.toContain('data:application/font');
    }
  });
});
