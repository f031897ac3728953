export {
  createInvokeRouter,
  isInvokeChannel,
  INVOKE_CHANNELS,
} from './router.js';
export type { InvokeCaller, InvokeRouter, RouterAppInfo } from './router.js';
export { createPushCoalescer, DEFAULT_COALESCE_MS } from './push-coalescer.js';
export type {
  PushCoalescer,
  PushCoalescerOptions,
  ScheduleTimer,
} from './push-coalescer.js';
