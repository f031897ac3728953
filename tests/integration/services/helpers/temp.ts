import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a fresh folder under the system temp folder; `removeAll` deletes every one created. */
export function createTempDirs(): {
  make(prefix?: string): string;
  removeAll(): void;
} {
  const made: string[] = [];
  return {
    make(prefix = 'console-services-') {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
