// The map scope shared by every panel of a window. A plain module-level shallowRef is enough: the
// scope is one small immutable object, replaced whole on each change.
import {
  getCurrentScope,
  onScopeDispose,
  shallowRef,
  type ShallowRef,
} from 'vue';
import {
  COUNTY_SCOPE,
  drillDown,
  drillUp,
  MapScope,
  sameScope,
} from '../../../../src-shared/map/scope.js';

export type ScopeListener = (scope: MapScope) => void;

const current: ShallowRef<MapScope> = shallowRef(COUNTY_SCOPE);
const listeners = new Set<ScopeListener>();

/** Replaces the scope, checked by schema because it may come from a file or another window. */
export function setMapScope(next: unknown): MapScope {
  const scope = MapScope.parse(next);
  if (sameScope(scope, current.value)) {
    return current.value;
  }
  current.value = scope;
  for (const listener of [...listeners]) {
    listener(scope);
  }
  return scope;
}

export function mapScope(): MapScope {
  return current.value;
}

/** Listeners registered now; tests use it to check that unmounted panels left none behind. */
export function scopeListenerCount(): number {
  return listeners.size;
}

export interface ScopeHandle {
  /** The shared scope; read-only, change it through the functions below. */
  scope: Readonly<ShallowRef<MapScope>>;
  set(next: MapScope): void;
  /** Opens area `code` of the drawn map; returns false when the code is not on it. */
  drillDown(code: string): boolean;
  drillUp(): void;
  /**
   * Calls `listener` after each change until the calling component unmounts (or the effect
   * scope stops), so a panel mounted and unmounted many times leaves no listener behind.
   */
  onChange(listener: ScopeListener): void;
}

/** Returns a handle on the shared scope, for a component's setup or any other effect scope. */
export function useScope(): ScopeHandle {
  return {
    scope: current,
    set: (next) => {
      setMapScope(next);
    },
    drillDown: (code) => {
      const next = drillDown(current.value, code);
      if (next === null) {
        return false;
      }
      setMapScope(next);
      return true;
    },
    drillUp: () => {
      setMapScope(drillUp(current.value));
    },
    onChange: (listener) => {
      if (getCurrentScope() === undefined) {
        throw new Error(
          'useScope().onChange needs a component setup or an effect scope to remove the listener later',
        );
      }
      listeners.add(listener);
      onScopeDispose(() => listeners.delete(listener));
    },
  };
}
