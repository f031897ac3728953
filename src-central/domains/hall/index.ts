// Hall domain of the reference central: the joint-consultation presenter, shared wall layouts and
// the state of each wall, published on the hall record stream so every PC in the hall follows.
import { RECORD_STREAMS } from '../../../src-shared/contract/index.js';
import { HALL_COMMANDS } from '../../../src-shared/walls/index.js';
import type { CentralDomain } from '../types.js';
import { seedDefaultLayout } from './seed.js';
import { presentEnd, presentFocus, presentStart } from './presenter.js';
import {
  layoutDelete,
  layoutSave,
  playlistPause,
  playlistSave,
  wallShow,
} from './walls.js';

export function createHallDomain(): CentralDomain {
  return {
    name: 'hall',
    stream: RECORD_STREAMS.hall,
    commands: {
      [HALL_COMMANDS.presentStart]: presentStart,
      [HALL_COMMANDS.presentFocus]: presentFocus,
      [HALL_COMMANDS.presentEnd]: presentEnd,
      [HALL_COMMANDS.layoutSave]: layoutSave,
      [HALL_COMMANDS.layoutDelete]: layoutDelete,
      [HALL_COMMANDS.playlistPause]: playlistPause,
      [HALL_COMMANDS.playlistSave]: playlistSave,
      [HALL_COMMANDS.wallShow]: wallShow,
    },
    start(context) {
      context.transaction(() => seedDefaultLayout(context));
      // The hall runs no timers, because walls rotate on their own clocks from the records.
      return () => undefined;
    },
  };
}
