import type { ConsoleCore } from '../core/api.js';
import {
  Channel,
  InvokeSchemas,
  type AppInfo,
  type BridgeError,
  type BridgeResult,
  type InvokeChannel,
  type InvokeResponse,
  type PointsViewRequest,
  type WindowKind,
} from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import { recordForWall } from './wall-privacy.js';
import {
  exportDutyFile,
  RosterExportRequestError,
} from '../roster-export/export-service.js';
import {
  bundledCountyMapFiles,
  type CountyMapFiles,
} from '../config/county-map.js';

const log = createLogger('router');

/** The window an invoke came from, as established by the host (never by the renderer's word). */
export interface InvokeCaller {
  windowKind: WindowKind;
  windowName: string;
  /** True when the window may only read: every wall, and browser-host consoles by default. */
  readOnly: boolean;
}

/** Facts about the running app that `app:info` returns alongside the caller's own. */
export interface RouterAppInfo {
  name: string;
  version: string;
  host: AppInfo['host'];
  locale: string;
  /**
   * County map files from `--county-geojson` and its companions (ConsoleOptions.countyMap);
   * null or absent serves the bundled 罗田县 files.
   */
  countyMap?: CountyMapFiles | null;
}

export interface InvokeRouter {
  /**
   * Checks the channel, parses the request with its schema, applies the caller's rights and runs
   * the call. Always resolves to a result object; it never rejects, because an Electron invoke
   * would carry only the message of a thrown error.
   */
  handle(
    channel: unknown,
    request: unknown,
    caller: InvokeCaller,
  ): Promise<BridgeResult<unknown>>;
}

type Handler = (request: unknown, caller: InvokeCaller) => Promise<unknown>;

export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.keys(
  InvokeSchemas,
) as InvokeChannel[];

/** Returns whether `channel` names one of the contract's invoke channels. */
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return (
    typeof channel === 'string' &&
    (INVOKE_CHANNELS as readonly string[]).includes(channel)
  );
}

/** Creates the router that both hosts call for every invoke from a renderer. */
export function createInvokeRouter(
  core: ConsoleCore,
  appInfo: RouterAppInfo,
): InvokeRouter {
  const handlers = createHandlers(core, appInfo);

  async function handle(
    channel: unknown,
    request: unknown,
    caller: InvokeCaller,
  ): Promise<BridgeResult<unknown>> {
    if (!isInvokeChannel(channel)) {
      const name =
        typeof channel === 'string'
          ? channel.slice(0, 64)
          : `(a ${typeof channel})`;
      return reject(
        caller,
        name,
        'not-found',
        `Unknown invoke channel "${name}".`,
      );
    }

    if (
      (channel === Channel.commandSubmit ||
        channel === Channel.commandConfirm ||
        channel === Channel.commandDiscard) &&
      (caller.readOnly || caller.windowKind === 'wall')
    ) {
      return reject(
        caller,
        channel,
        'forbidden',
        `Window "${caller.windowName}" is read-only and may not submit commands.`,
      );
    }

    // An export carries names and phone numbers, which walls never show.
    if (channel === Channel.rosterExport && caller.windowKind === 'wall') {
      return reject(
        caller,
        channel,
        'forbidden',
        `Window "${caller.windowName}" is a wall and may not export duty files.`,
      );
    }

    const parsed = InvokeSchemas[channel].request.safeParse(request);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map(
          (issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`,
        )
        .join('; ');
      return reject(
        caller,
        channel,
        'invalid-request',
        `Invalid request for ${channel}: ${issues}`,
      );
    }

    try {
      const value = await handlers[channel](parsed.data, caller);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof RosterExportRequestError) {
        return reject(caller, channel, error.code, error.message);
      }
      log.error('handle: call failed', {
        channel,
        window: caller.windowName,
        error: describe(error),
      });
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `${channel} failed: ${describe(error)}`,
        },
      };
    }
  }

  return { handle };
}

function createHandlers(
  core: ConsoleCore,
  appInfo: RouterAppInfo,
): Record<InvokeChannel, Handler> {
  let countyMap: CountyMapFiles | null = null;
  return {
    [Channel.stateSnapshot]: () => Promise.resolve(core.state.snapshot()),
    [Channel.alertsQuery]: (request) =>
      core.state.queryAlerts(
        request as Parameters<ConsoleCore['state']['queryAlerts']>[0],
      ),
    [Channel.recordsQuery]: async (request, caller) => {
      const records = await core.state.queryRecords(
        request as Parameters<ConsoleCore['state']['queryRecords']>[0],
      );
      if (caller.windowKind !== 'wall') {
        return records;
      }
      return records.flatMap((record) => recordForWall(record) ?? []);
    },
    [Channel.commandSubmit]: async (
      request,
    ): Promise<InvokeResponse<typeof Channel.commandSubmit>> => {
      const queued = await core.submitCommand(
        request as Parameters<ConsoleCore['submitCommand']>[0],
      );
      return { commandId: queued.commandId, installSeq: queued.installSeq };
    },
    [Channel.sessionProbe]: () => {
      core.probe?.();
      return Promise.resolve({});
    },
    [Channel.commandPending]: async () =>
      (await core.pendingCommands?.()) ?? [],
    [Channel.commandConfirm]: async (request) => {
      const { installSeq } = request as { installSeq: number };
      await requireMethod(core.confirmCommand, 'confirm')(installSeq);
      return { installSeq };
    },
    [Channel.commandDiscard]: async (request) => {
      const { installSeq } = request as { installSeq: number };
      await requireMethod(core.discardCommand, 'discard')(installSeq);
      return { installSeq };
    },
    [Channel.mapCounty]: (): Promise<CountyMapFiles> => {
      // Read on first use: a host whose walls never ask does not read the bundled files.
      countyMap ??= appInfo.countyMap ?? bundledCountyMapFiles();
      return Promise.resolve(countyMap);
    },
    [Channel.alertsTownAggregates]: (request) => {
      const { town } = request as { town: string };
      if (core.state.townAggregates === undefined) {
        throw new Error('this console core keeps no alert counts per town');
      }
      return Promise.resolve(core.state.townAggregates(town));
    },
    [Channel.pointsWallView]: async (request) => {
      const { scope } = request as PointsViewRequest;
      if (core.state.pointsWallView === undefined) {
        throw new Error('this console core keeps no points views per area');
      }
      const view = await core.state.pointsWallView(scope);
      return view as unknown as Record<string, unknown> | null;
    },
    [Channel.rosterExport]: (request) =>
      exportDutyFile(
        core.state,
        request as Parameters<typeof exportDutyFile>[1],
      ),
    [Channel.appInfo]: (_request, caller): Promise<AppInfo> =>
      Promise.resolve({
        name: appInfo.name,
        version: appInfo.version,
        host: appInfo.host,
        locale: appInfo.locale,
        windowKind: caller.windowKind,
        windowName: caller.windowName,
        readOnly: caller.readOnly,
        installId: core.installId?.() ?? null,
      }),
  };
}

function requireMethod(
  method: ((installSeq: number) => Promise<void>) | undefined,
  what: string,
): (installSeq: number) => Promise<void> {
  if (method === undefined) {
    throw new Error(`this console core cannot ${what} commands`);
  }
  return method;
}

function reject(
  caller: InvokeCaller,
  channel: string,
  code: BridgeError['code'],
  message: string,
): BridgeResult<never> {
  log.warn('handle: rejected', {
    channel: channel.slice(0, 64),
    window: caller.windowName,
    code,
    message,
  });
  return { ok: false, error: { code, message } };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
