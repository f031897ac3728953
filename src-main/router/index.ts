export {
  createInvokeRouter,
  isInvokeChannel,
  INVOKE_CHANNELS,
} from './router.js';
export type { InvokeCaller, InvokeRouter, RouterAppInfo } from './router.js';
