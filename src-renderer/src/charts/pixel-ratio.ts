/**
 * Calls `onChange` with the new `devicePixelRatio` whenever it changes: when the window moves to a
 * display with another scale, or the user zooms. Returns the function that stops watching.
 *
 * A `(resolution: Ndppx)` media query matches one exact ratio, so it fires once when the ratio
 * leaves that value and is then replaced by a query for the new ratio. Window resizes are checked
 * too, because Chromium's device emulation (checked on Chromium 156) changes the ratio without firing
 * the media query's change event.
 */
export function watchDevicePixelRatio(
  onChange: (ratio: number) => void,
): () => void {
  let ratio = window.devicePixelRatio;
  let query: MediaQueryList | null = null;

  function listen(): void {
    query?.removeEventListener('change', check);
    query = window.matchMedia(`(resolution: ${ratio}dppx)`);
    query.addEventListener('change', check);
  }

  function check(): void {
    if (window.devicePixelRatio === ratio) {
      return;
    }
    ratio = window.devicePixelRatio;
    listen();
    onChange(ratio);
  }

  listen();
  window.addEventListener('resize', check);
  return () => {
    query?.removeEventListener('change', check);
    query = null;
    window.removeEventListener('resize', check);
  };
}
