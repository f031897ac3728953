/** Page URL of the browser host's bridge endpoint for this window. */
export function bridgeUrl(
  location: Pick<Location, 'protocol' | 'host' | 'search'>,
  kind: string,
): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const name = new URLSearchParams(location.search).get('name') ?? 'main';
  const query = new URLSearchParams({ window: kind, name });
  return `${scheme}://${location.host}/bridge?${query.toString()}`;
}
