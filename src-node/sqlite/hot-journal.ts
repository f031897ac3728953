import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

const JOURNAL_MAGIC = Buffer.from([
  0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7,
]);

export type JournalOutcome = 'none' | 'discarded' | 'rolled-back';

/**
 * Plays back a hot rollback journal left by a process that died mid-transaction, as SQLite's pager
 * does, and deletes it.
 *
 * node-sqlite3-wasm 0.8.60 takes every lock level by creating `<db>.lock` and decides "is a
 * reserved lock held?" by checking that the directory exists. Its own shared lock creates the
 * directory, so SQLite never finds a journal hot and never rolls one back. The caller must
 * know that the process that owned the file is gone, so that no writer is active.
 *
 * Journal layout (SQLite file format, "the rollback journal"): a header of `sectorSize` bytes
 * holding the magic, the record count, the checksum nonce, the page count before the
 * transaction, the sector size and the page size; then records of page number, page and
 * checksum. A later header starts at the next sector boundary. A record whose checksum does not
 * match was never synced, so playback stops there.
 */
export function rollbackHotJournal(path: string): JournalOutcome {
  const journalPath = `${path}-journal`;
  if (!existsSync(journalPath)) {
    return 'none';
  }
  const journal = readFileSync(journalPath);
  if (
    journal.length < 28 ||
    !journal.subarray(0, 8).equals(JOURNAL_MAGIC) ||
    !existsSync(path)
  ) {
    // A zeroed or short header marks a committed transaction (EXCLUSIVE locking keeps the file).
    unlinkSync(journalPath);
    return 'discarded';
  }

  const originalPages = journal.readUInt32BE(16);
  const sectorSize = journal.readUInt32BE(20);
  const pageSize = journal.readUInt32BE(24);
  if (sectorSize < 32 || pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new Error(
      `the journal ${journalPath} has an invalid header (sector ${sectorSize}, page ${pageSize}); move the database file and its journal aside and start again`,
    );
  }

  const fd = openSync(path, 'r+');
  try {
    playbackSegments(journal, fd, sectorSize, pageSize);
    ftruncateSync(fd, originalPages * pageSize);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(journalPath);
  return 'rolled-back';
}

function playbackSegments(
  journal: Buffer,
  fd: number,
  sectorSize: number,
  pageSize: number,
): void {
  const recordSize = pageSize + 8;
  let offset = 0;
  while (
    offset + 28 <= journal.length &&
    journal.subarray(offset, offset + 8).equals(JOURNAL_MAGIC)
  ) {
    let records = journal.readUInt32BE(offset + 8);
    const nonce = journal.readUInt32BE(offset + 12);
    let position = offset + sectorSize;
    if (records === 0xffffffff) {
      records = Math.floor((journal.length - position) / recordSize);
    }
    for (let index = 0; index < records; index += 1) {
      if (position + recordSize > journal.length) {
        return;
      }
      const pageNumber = journal.readUInt32BE(position);
      const page = journal.subarray(position + 4, position + 4 + pageSize);
      const stored = journal.readUInt32BE(position + 4 + pageSize);
      if (pageNumber === 0 || journalChecksum(nonce, page) !== stored) {
        return;
      }
      writeSync(fd, page, 0, pageSize, (pageNumber - 1) * pageSize);
      position += recordSize;
    }
    offset = Math.ceil(position / sectorSize) * sectorSize;
  }
}

/** SQLite's journal record checksum: the nonce plus every 200th byte, from the page's end. */
function journalChecksum(nonce: number, page: Buffer): number {
  let sum = nonce;
  for (let index = page.length - 200; index > 0; index -= 200) {
    sum = (sum + (page[index] ?? 0)) >>> 0;
  }
  return sum;
}
