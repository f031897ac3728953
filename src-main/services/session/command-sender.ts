import type { CommandFrame } from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import type { Cache } from '../cache/index.js';

const log = createLogger('session-commands');

/**
 * Sends outbox commands over the current link in install-sequence order, with at most `window`
 * of them waiting for a result. Commands at or below the central's watermark are never sent,
 * because the central has applied them already.
 */
export class CommandSender {
  private watermark = 0;
  private readonly inFlight = new Set<number>();
  private linkOpen = false;
  private running = false;
  private runAgain = false;

  constructor(
    private readonly cache: Cache,
    private readonly window: number,
    private readonly transmit: (frame: CommandFrame) => boolean,
  ) {}

  /** Starts sending on a link whose welcome reported `watermark`. */
  open(watermark: number): void {
    this.linkOpen = true;
    this.watermark = watermark;
    this.inFlight.clear();
  }

  /** Stops sending; commands without a result are sent again on the next link. */
  close(): void {
    this.linkOpen = false;
    this.inFlight.clear();
  }

  /** Records a result, which frees a place in the window. */
  settled(installSeq: number): void {
    this.inFlight.delete(installSeq);
    this.watermark = Math.max(this.watermark, installSeq);
  }

  /**
   * Sends every pending command that fits in the window. A call made while another runs makes
   * that one read the outbox again, so a command queued meanwhile is not left behind.
   */
  async flush(): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.runAgain = false;
        if (!this.linkOpen) {
          break;
        }
        await this.sendPending();
      } while (this.runAgain);
    } catch (error) {
      log.error('flush: reading the outbox failed', {
        error: (error as Error).message,
      });
    } finally {
      this.running = false;
    }
  }

  private async sendPending(): Promise<void> {
    const pending = await this.cache.pendingCommands();
    for (const command of pending) {
      if (!this.linkOpen || this.inFlight.size >= this.window) {
        return;
      }
      if (
        command.installSeq <= this.watermark ||
        this.inFlight.has(command.installSeq)
      ) {
        continue;
      }
      const sent = this.transmit({
        type: 'command',
        commandId: command.commandId,
        installSeq: command.installSeq,
        name: command.name,
        payload: command.payload,
        issuedAt: command.createdAt,
      });
      if (!sent) {
        return;
      }
      this.inFlight.add(command.installSeq);
    }
  }
}
