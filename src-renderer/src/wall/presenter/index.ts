// Presenter mode on a wall: follow the hall's presenter record, decide the layout shown, and the
// overlay that covers the wall while a joint consultation has a focus.
export { default as PresenterOverlay } from './PresenterOverlay.vue';
export {
  usePresenter,
  presenterFrom,
  activeFocus,
  type PresenterView,
} from './use-presenter.js';
export {
  resolveWallLayout,
  type WallLayout,
  type WallLayoutInput,
  type WallLayoutReason,
} from './resolve-layout.js';
export {
  followCollection,
  applyRecordChanges,
  type FollowedCollection,
} from './hall-records.js';
export {
  useWallLayout,
  type WallLayoutOptions,
  type WallLayoutView,
} from './use-wall-layout.js';
