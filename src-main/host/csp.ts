/**
 * Builds the Content-Security-Policy sent with every renderer page, by the Electron protocol
 * handler and by the browser host alike. Scripts, styles and fonts come only from the app's own
 * origin. It may neither frame nor be framed, and plugins, form targets and base URLs are disabled.
 *
 * @param connectSources extra `connect-src` sources, such as the browser host's own ws:// origin,
 *   because older Chromium builds do not count ws:// as 'self'.
 */
export function contentSecurityPolicy(
  connectSources: readonly string[] = [],
): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...connectSources]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
