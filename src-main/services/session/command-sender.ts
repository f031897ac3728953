import type { CommandFrame } from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import type { Cache, OutboxCommand } from '../cache/index.js';

const log = createLogger('session-commands');

/**
 * Sends outbox commands over the current link in install-sequence order, with at most `window`
 * of them waiting for a result. A pending command at or below the central's watermark was decided
 * there, but its result was lost with a link. It is sent again to fetch the stored outcome, and
 * without the operator's confirmation, because the central does not apply it a second time.
 */
export class CommandSender {
  /** Highest install sequence settled on this link, so that a stale outbox read does not send it again. */
  private watermark = 0;
  /** The central's watermark from the welcome of this link. */
  private decidedUpTo = 0;
  private readonly inFlight = new Set<number>();
  private linkOpen = false;
  private running = false;
  private runAgain = false;

  constructor(
    private readonly cache: Cache,
    private readonly window: number,
    private readonly transmit: (frame: CommandFrame) => boolean,
    /**
     * True for a command that must wait for the operator (too old to send on its own). Sending
     * stops at the first held command, so the central still receives commands in install order.
     */
    private readonly hold: (
      command: OutboxCommand,
    ) => boolean | Promise<boolean> = () => false,
  ) {}

  /** Install sequence of the command sending stopped at for confirmation, or null. */
  heldAt: number | null = null;

  /** Starts sending on a link whose welcome reported `watermark`. */
  open(watermark: number): void {
    this.linkOpen = true;
    this.watermark = 0;
    this.decidedUpTo = watermark;
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
    this.heldAt = null;
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
      if (command.installSeq > this.decidedUpTo && (await this.hold(command))) {
        this.heldAt = command.installSeq;
        return;
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
