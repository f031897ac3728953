export { startBrowserHost, BRIDGE_PATH } from './browser-host.js';
export type { BrowserHost, BrowserHostOptions } from './browser-host.js';
export { contentSecurityPolicy } from './csp.js';
export { contentTypeFor, lookupRendererFile } from './static-files.js';
export type { RendererFileLookup } from './static-files.js';
