import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type ReadTextResult =
  | { kind: 'ok'; text: string }
  | { kind: 'missing' }
  | { kind: 'failed'; error: Error };

/** Reads a UTF-8 file, telling a missing file apart from one that cannot be read. */
export async function readTextFile(path: string): Promise<ReadTextResult> {
  try {
    return { kind: 'ok', text: await readFile(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'missing' };
    }
    return {
      kind: 'failed',
      error: error instanceof Error ? error : new Error(String(error)),
    };
  }
}

/**
 * Writes a file so that readers see the old or the new content, never a mix: the
 * text goes to a temporary file in the same folder, is flushed to disk, then
 * renamed over the target. A rename within one folder replaces the target
 * atomically on Linux, macOS and NTFS.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = join(
    folder,
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );

  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      // Without the flush a power cut after the rename can leave an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
