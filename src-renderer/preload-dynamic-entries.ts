import type { Plugin } from 'vite';

/** The parts of an output chunk this plugin reads. */
interface ChunkInfo {
  type: 'chunk';
  fileName: string;
  imports: readonly string[];
  dynamicImports: readonly string[];
  viteMetadata?: { importedCss: Set<string> };
}

type OutputItem = ChunkInfo | { type: 'asset'; fileName: string };

/** Chooses output files for one page, by the page's path (such as `wall.html`) and a file name. */
export type PageFilter = (page: string, fileName: string) => boolean;

export interface PreloadOptions {
  /** Chunks linked after the entry's own, such as a large library the page needs late. */
  alsoPreload?: PageFilter;
  /** Font files linked from the start, for text that waits for its font before it is drawn. */
  preloadFont?: PageFilter;
}

function isChunk(item: OutputItem | undefined): item is ChunkInfo {
  return item?.type === 'chunk';
}

/** Chunks `fileName` needs before it can run: itself and its static imports, depth first. */
function withStaticImports(
  fileName: string,
  bundle: Readonly<Record<string, OutputItem>>,
  seen: Set<string>,
  out: string[],
): void {
  const chunk = bundle[fileName];
  if (seen.has(fileName) || !isChunk(chunk)) {
    return;
  }
  seen.add(fileName);
  for (const imported of chunk.imports) {
    withStaticImports(imported, bundle, seen, out);
  }
  out.push(fileName);
}

function link(attrs: Record<string, string | boolean>) {
  return { tag: 'link', attrs, injectTo: 'head' as const };
}

/**
 * Links the chunks that each page's entry imports dynamically, with their own imports and style
 * sheets, from the page's head. A window's entry is small on purpose: it opens the link to main
 * and then imports the app (see src/wall/main.ts). Without these links the browser would learn of
 * the app's chunks only once the entry has run, and fetch them one round trip later.
 */
export function preloadDynamicEntries(options: PreloadOptions = {}): Plugin {
  const alsoPreload = options.alsoPreload ?? (() => false);
  const preloadFont = options.preloadFont ?? (() => false);
  return {
    name: 'console:preload-dynamic-entries',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        // ---- chunks ----

        const entry = context.chunk as ChunkInfo | undefined;
        const bundle = context.bundle as
          | Readonly<Record<string, OutputItem>>
          | undefined;
        if (entry === undefined || bundle === undefined) {
          return [];
        }
        const page = context.path.replace(/^\//, '');
        const items = Object.values(bundle);
        // The entry's static imports are linked by Vite already.
        const seen = new Set<string>();
        withStaticImports(entry.fileName, bundle, seen, []);
        const scripts: string[] = [];
        const linked = [
          ...entry.dynamicImports,
          ...items
            .filter((item) => isChunk(item) && alsoPreload(page, item.fileName))
            .map((item) => item.fileName),
        ];
        for (const fileName of linked) {
          withStaticImports(fileName, bundle, seen, scripts);
        }
        const styles = new Set<string>();
        for (const fileName of scripts) {
          const chunk = bundle[fileName];
          for (const css of isChunk(chunk)
            ? (chunk.viteMetadata?.importedCss ?? [])
            : []) {
            styles.add(css);
          }
        }
        // ---- fonts ----

        const fonts = items
          .filter(
            (item) =>
              item.type === 'asset' &&
              item.fileName.endsWith('.woff2') &&
              preloadFont(page, item.fileName),
          )
          .map((item) => item.fileName);
        return [
          ...fonts.map((fileName) =>
            link({
              rel: 'preload',
              as: 'font',
              type: 'font/woff2',
              crossorigin: true,
              href: `./${fileName}`,
            }),
          ),
          ...scripts.map((fileName) =>
            link({
              rel: 'modulepreload',
              crossorigin: true,
              href: `./${fileName}`,
            }),
          ),
          ...[...styles].map((fileName) =>
            link({
              rel: 'stylesheet',
              crossorigin: true,
              href: `./${fileName}`,
            }),
          ),
        ];
      },
    },
  };
}
