import { app, session, type WebContents } from 'electron';
import { createLogger } from '../../src-node/logging/index.js';

const log = createLogger('hardening');

/**
 * Denies, for every web contents the app ever creates, what a renderer must never do: navigate
 * away, open windows, attach a webview, or be granted a permission (camera, notifications...).
 */
export function installContentGuards(): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents));

  session.defaultSession.setPermissionRequestHandler(
    (contents, permission, callback) => {
      log.warn('permission request denied', {
        permission,
        url: contents.getURL(),
      });
      callback(false);
    },
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log.warn('will-navigate: navigation denied', {
      from: contents.getURL(),
      to: event.url,
    });
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    log.warn('will-redirect: redirect denied', {
      from: contents.getURL(),
      to: event.url,
    });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('will-attach-webview: webview denied', { url: contents.getURL() });
  });
  contents.setWindowOpenHandler((details) => {
    log.warn('window open denied', {
      from: contents.getURL(),
      to: details.url,
    });
    return { action: 'deny' };
  });
}
