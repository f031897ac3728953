export * from './config.js';
export type * from './types.js';
export { planWalls } from './plan.js';
export {
  verifyPlacement,
  nextVerifyAction,
  DEFAULT_BOUNDS_TOLERANCE,
  MAX_REAPPLY_ATTEMPTS,
  type BoundsCheck,
  type VerifyAction,
} from './verify.js';
export { fingerprintDisplays } from './fingerprint.js';
export {
  createWallReconciler,
  type ReconcileTrigger,
  type ReconcilerPhase,
  type ReconcilerStatus,
  type ReconcilerTimers,
  type WallReconciler,
  type WallReconcilerOptions,
} from './reconciler.js';
