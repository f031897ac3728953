import { realpath, stat } from 'node:fs/promises';
import { extname, join, posix, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Returns the Content-Type for a file name, or null for a type the renderer never ships. */
export function contentTypeFor(fileName: string): string | null {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? null;
}

export type RendererFileLookup =
  | { status: 'found'; path: string; contentType: string }
  | { status: 'invalid'; reason: string }
  | { status: 'not-found' };

/**
 * Maps the path of a request URL to a file inside the built renderer folder. Rejects encoded
 * separators, NUL bytes and `..` segments outright, and resolves symbolic links before checking
 * that the file is still inside the folder. Folders are reported as not found, so nothing is
 * ever listed.
 *
 * @param rootDir the renderer folder, for example out/renderer
 * @param urlPath the still-encoded path of the request URL, starting with '/'
 */
export async function lookupRendererFile(
  rootDir: string,
  urlPath: string,
): Promise<RendererFileLookup> {
  const checked = checkUrlPath(urlPath);
  if (typeof checked !== 'string') {
    return checked;
  }

  const contentType = contentTypeFor(checked);
  if (contentType === null) {
    return { status: 'not-found' };
  }

  let root: string;
  let file: string;
  try {
    root = await realpath(rootDir);
    file = await realpath(join(root, ...checked.split('/').filter(Boolean)));
  } catch {
    return { status: 'not-found' };
  }
  if (!file.startsWith(root + sep)) {
    return { status: 'invalid', reason: 'path leaves the renderer folder' };
  }

  const info = await stat(file);
  if (!info.isFile()) {
    return { status: 'not-found' };
  }
  return { status: 'found', path: file, contentType };
}

/** Decodes and checks a URL path; returns the clean relative path, or the reason it is rejected. */
function checkUrlPath(urlPath: string): string | RendererFileLookup {
  if (!urlPath.startsWith('/')) {
    return { status: 'invalid', reason: 'path must start with /' };
  }
  if (/%2f|%5c/i.test(urlPath)) {
    return { status: 'invalid', reason: 'encoded path separator' };
  }

  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 'invalid', reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return { status: 'invalid', reason: 'NUL byte or backslash in path' };
  }

  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return { status: 'invalid', reason: 'dot segment in path' };
  }
  return posix.normalize(decoded).replace(/^\/+/, '');
}

/** A file of the renderer folder kept in memory, with its Content-Type. */
export interface MemoryAsset {
  data: Buffer;
  contentType: string;
}

/**
 * Keeps the content-hashed files under /assets/ in memory after their first request, up to
 * `maxBytes` in all. A wall's first load requests a dozen or more of them at once (scripts, style
 * sheets, font files). Served from memory, they cost the host no file system call, so its event
 * loop stays free for the wall's snapshot. Pages are not kept, because they keep their names
 * across builds.
 */
export class AssetMemory {
  private readonly stored = new Map<string, MemoryAsset>();
  private heldBytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** True for the paths this memory may keep. */
  static isAssetPath(urlPath: string): boolean {
    return urlPath.startsWith('/assets/');
  }

  get(urlPath: string): MemoryAsset | undefined {
    return this.stored.get(urlPath);
  }

  /** Stores `asset` under `urlPath` while the total stays within the bound; returns whether it did. */
  put(urlPath: string, asset: MemoryAsset): boolean {
    if (
      !AssetMemory.isAssetPath(urlPath) ||
      this.stored.has(urlPath) ||
      this.heldBytes + asset.data.length > this.maxBytes
    ) {
      return false;
    }
    this.stored.set(urlPath, asset);
    this.heldBytes += asset.data.length;
    return true;
  }

  get bytes(): number {
    return this.heldBytes;
  }
}
