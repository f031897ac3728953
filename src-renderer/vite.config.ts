import vue from '@vitejs/plugin-vue';
import { defineConfig, type UserConfig } from 'vite';
import { trimFontRanges } from './font-ranges.js';
import { preloadDynamicEntries } from './preload-dynamic-entries.js';

// import.meta.dirname (Node 20.11+) keeps this file free of Node imports, which the renderer lint
// rule forbids under src-renderer; Vite sets it to this file's folder when it bundles the config.
const rendererRoot = import.meta.dirname;
const repoRoot = `${import.meta.dirname}/..`;

/**
 * Renderer build shared by `vite build` and the Electron build config. Both windows are pages of
 * one multi-page build, so they share chunks (Vue, pinia, the contract, the font CSS).
 */
export const rendererConfig: UserConfig = {
  root: rendererRoot,
  // Relative asset URLs let the same output load from the Electron custom protocol and from the
  // browser host's http server.
  base: './',
  // The wall's charts need ECharts, the largest chunk, only once its data is shown, so it is
  // linked after the app's own chunks. The font files of the charts and of the UI are fetched from
  // the start, because the charts wait for theirs. Without the preload, the UI's text would request
  // its files only once Vue has laid it out, and lay out again when they arrive. The bundled
  // font's faces leave the UI font's characters alone.
  plugins: [
    vue(),
    preloadDynamicEntries({
      alsoPreload: (page, fileName) =>
        page === 'wall.html' && fileName.includes('/echarts-'),
      preloadFont: (_page, fileName) =>
        /\/(chart-400|ui-400|ui-700)-/.test(fileName),
    }),
    trimFontRanges(),
  ],
  build: {
    outDir: `${repoRoot}/out/renderer`,
    emptyOutDir: true,
    // The CSP allows fonts from 'self' only, so no font may be inlined as a data: URL.
    assetsInlineLimit: 0,
    // Minified scripts parse faster, which shortens the wall's first paint from the cache.
    minify: true,
    // The wall chunk carries ECharts (core, bar, line, canvas renderer), about 500 kB minified;
    // both hosts load it from the local disk, so the default 500 kB warning is noise.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      input: {
        console: `${rendererRoot}/console.html`,
        wall: `${rendererRoot}/wall.html`,
      },
    },
  },
};

export default defineConfig(rendererConfig);
