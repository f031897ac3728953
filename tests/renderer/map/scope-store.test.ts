import { effectScope, isReactive, watch } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import { COUNTY_SCOPE, type MapScope } from '../../../src-shared/map/scope.js';
import {
  mapScope,
  scopeListenerCount,
  setMapScope,
  useScope,
} from '../../../src-renderer/src/wall/map/scope-store.js';

const TOWN_SCOPE: MapScope = { level: 'town', townCode: '421123100' };

beforeEach(() => {
  setMapScope(COUNTY_SCOPE);
});

/** Runs `body` as a component setup would, returning the function that unmounts it. */
function mount(body: () => void): () => void {
  const scope = effectScope();
  scope.run(body);
  return () => scope.stop();
}

describe('useScope', () => {
  it('removes listeners of unmounted panels', () => {
    const calls: MapScope[] = [];
    for (let i = 0; i < 9; i += 1) {
      const unmount = mount(() =>
        useScope().onChange((scope) => calls.push(scope)),
      );
      unmount();
    }
    const unmountLast = mount(() =>
      useScope().onChange((scope) => calls.push(scope)),
    );
    expect(scopeListenerCount()).toBe(1);

    setMapScope(TOWN_SCOPE);
    expect(calls).toEqual([TOWN_SCOPE]);
    unmountLast();
    expect(scopeListenerCount()).toBe(0);
  });

  it('shares one scope between panels', () => {
    const first = useScope();
    const second = useScope();
    expect(first.drillDown('421123100')).toBe(true);
    expect(second.scope.value).toEqual(TOWN_SCOPE);
    expect(second.drillDown('421123100007')).toBe(true);
    expect(mapScope()).toEqual({
      level: 'village',
      townCode: '421123100',
      villageCode: '421123100007',
    });
    first.drillUp();
    expect(mapScope()).toEqual(TOWN_SCOPE);
  });

  it('rejects a code off the drawn map', () => {
    const handle = useScope();
    expect(handle.drillDown('421123100007')).toBe(false);
    expect(mapScope()).toEqual(COUNTY_SCOPE);
  });

  it('skips a change to the same scope', () => {
    const calls: MapScope[] = [];
    const unmount = mount(() =>
      useScope().onChange((scope) => calls.push(scope)),
    );
    setMapScope(TOWN_SCOPE);
    setMapScope({ level: 'town', townCode: '421123100' });
    expect(calls).toHaveLength(1);
    unmount();
  });

  it('drives watchers through the shallow ref', () => {
    const seen: string[] = [];
    const unmount = mount(() => {
      const { scope } = useScope();
      watch(scope, (next) => seen.push(next.level), { flush: 'sync' });
    });
    setMapScope(TOWN_SCOPE);
    expect(seen).toEqual(['town']);
    expect(isReactive(mapScope())).toBe(false);
    unmount();
  });

  it('rejects an invalid scope', () => {
    expect(() => setMapScope({ level: 'town', townCode: '42' })).toThrow(
      /9 digits/,
    );
    expect(mapScope()).toEqual(COUNTY_SCOPE);
  });

  it('needs a setup to subscribe', () => {
    expect(() => useScope().onChange(() => undefined)).toThrow(/effect scope/);
  });
});
