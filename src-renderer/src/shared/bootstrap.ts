import { createPinia } from 'pinia';
import { createApp, type Component, type InjectionKey } from 'vue';
import type { WindowKind } from '../../../src-shared/contract/index.js';
import { getBridge } from '../bridge/index.js';
import type { RendererBridge } from '../bridge/types.js';
import { chooseLocale, currentLocale } from '../i18n/index.js';
import { useLiveStore } from '../stores/live.js';
import './fonts.js';

export const BRIDGE_KEY: InjectionKey<RendererBridge> = Symbol('bridge');

/**
 * Mounts a window's root component with pinia and its bridge. The locale comes from `?lang=` or
 * the app's locale; the page renders in Chinese at once and switches when app info arrives.
 */
export function startWindow(kind: WindowKind, root: Component): void {
  currentLocale.value = chooseLocale(window.location.search, null);
  const bridge = getBridge(kind);
  const app = createApp(root);
  const pinia = createPinia();
  app.use(pinia);
  app.provide(BRIDGE_KEY, bridge);
  app.mount('#app');

  const store = useLiveStore(pinia);
  void bridge.invoke('app:info', {}).then((result) => {
    if (result.ok) {
      store.appInfo = result.value;
      currentLocale.value = chooseLocale(
        window.location.search,
        result.value.locale,
      );
      document.documentElement.lang = currentLocale.value;
    }
  });
}
