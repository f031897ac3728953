// A reference central and a browser host in front of it, each a child process on loopback with its
// own temporary data folder, and the console commands that tests send to the central directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { ConsoleClient } from '../../integration/central/console-client.js';
import { ProjectProcess, freePort } from './processes.js';

/** The development token the reference central accepts. */
export const DEV_TOKEN = 'dev-console-token';

export interface StackOptions {
  /** Names the temporary folders, such as `dash` for `e2e-dash-central-…`. */
  label: string;
  /** Options of the central after `--port` and `--data`, such as `['--scenario', 'none']`. */
  central: readonly string[];
  /** Options of the browser host after `--central`, `--data` and `--port`. */
  host?: readonly string[];
}

export interface Stack {
  central: ProjectProcess;
  host: ProjectProcess;
  centralPort: string;
  /** Data folder of the central, whose SQLite log a test may read once the central stopped. */
  centralData: string;
  consoleUrl: string;
  /** URL of the wall named `wall-1`. */
  wallUrl: string;
  /** Stops both processes (those still running) and removes their folders. */
  stop(): Promise<void>;
}

/** Starts the central, waits until it listens, then starts the host and waits for its URLs. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const centralData = mkdtempSync(
    join(tmpdir(), `e2e-${options.label}-central-`),
  );
  const consoleData = mkdtempSync(
    join(tmpdir(), `e2e-${options.label}-console-`),
  );
  const centralPort = String(await freePort());
  const central = new ProjectProcess('central', 'src-central/cli.ts', [
    '--port',
    centralPort,
    '--data',
    centralData,
    ...options.central,
  ]);
  let host: ProjectProcess | null = null;
  const stop = async (): Promise<void> => {
    await host?.stop();
    await central.stop();
    rmSync(centralData, { recursive: true, force: true });
    rmSync(consoleData, { recursive: true, force: true });
  };
  try {
    await central.waitForOutput(/central listening on/);
    host = new ProjectProcess(
      'host',
      'src-main/host/cli.ts',
      [
        '--central',
        `ws://127.0.0.1:${centralPort}/console`,
        '--data',
        consoleData,
        '--port',
        '0',
        ...(options.host ?? []),
      ],
      { CONSOLE_TOKEN: DEV_TOKEN },
    );
    const wallUrl =
      (await host.waitForOutput(/Wall:\s+(http:\/\/\S+)/))[1] ?? '';
    const consoleUrl =
      (await host.waitForOutput(/Console:\s+(http:\/\/\S+)/))[1] ?? '';
    return {
      central,
      host,
      centralPort,
      centralData,
      consoleUrl,
      wallUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface CentralCommand {
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Sends `commands` to the central as the console install `installId` would, numbered from
 * `firstSeq`, and waits until each is applied.
 */
export async function sendCentralCommands(
  centralPort: string,
  installId: string,
  firstSeq: number,
  commands: readonly CentralCommand[],
): Promise<void> {
  const client = await ConsoleClient.hello(
    `ws://127.0.0.1:${centralPort}/console`,
    { installId },
  );
  try {
    await client.waitFor('welcome');
    for (const [index, command] of commands.entries()) {
      const installSeq = firstSeq + index;
      const commandId = `${installId}-${installSeq}`;
      client.send({
        type: 'command',
        commandId,
        installSeq,
        name: command.name,
        payload: command.payload,
        issuedAt: Date.now(),
      });
      const result = await client.waitFor(
        'command-result',
        (frame) => frame.commandId === commandId,
      );
      expect(
        result.outcome,
        `${command.name}: ${JSON.stringify(result.error)}`,
      ).toBe('applied');
    }
  } finally {
    client.close();
  }
}

/** Saves `layout` and shows it on the wall `wall-1`, as a console's hall tab would. */
export async function showLayoutOnWall(
  centralPort: string,
  installId: string,
  layout: Record<string, unknown>,
): Promise<void> {
  await sendCentralCommands(centralPort, installId, 1, [
    { name: 'hall.layout-save', payload: { layout } },
    {
      name: 'hall.wall-show',
      payload: { wall: 'wall-1', layoutId: layout['id'] },
    },
  ]);
}
