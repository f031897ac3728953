import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'electron-vite';
import { loadConfigFromFile } from 'vite';

const rendererConfigFile = resolve(
  import.meta.dirname,
  'src-renderer/vite.config.ts',
);

// Main is bundled as ESM because package.json has "type": "module". The production dependencies
// (ws, zod, node-sqlite3-wasm, csv-parse) stay external, so they load from node_modules at run time.
export default defineConfig(async ({ command, mode }): Promise<UserConfig> => {
  // Vite's own loader sets import.meta.dirname to src-renderer while it evaluates the renderer
  // config. A static import would be inlined into this file, where it is the repository root.
  const renderer = await loadConfigFromFile(
    { command, mode },
    rendererConfigFile,
  );
  if (renderer === null) {
    throw new Error(
      `The renderer build config ${rendererConfigFile} is missing or exports nothing.`,
    );
  }

  return {
    main: {
      build: {
        externalizeDeps: true,
        rolldownOptions: {
          input: {
            index: resolve(import.meta.dirname, 'src-main/electron/main.ts'),
            // The cache runs in a worker thread; cache.ts loads this file from beside index.js.
            'cache-worker': resolve(
              import.meta.dirname,
              'src-main/services/cache/worker.ts',
            ),
          },
        },
      },
    },
    preload: {
      build: {
        // A sandboxed preload cannot require anything but electron, so zod and the contract are
        // bundled in and the output is CommonJS.
        externalizeDeps: false,
        rolldownOptions: {
          input: {
            index: resolve(import.meta.dirname, 'src-preload/index.ts'),
          },
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
    renderer: renderer.config,
  };
});
