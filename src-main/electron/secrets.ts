import { safeStorage } from 'electron';
import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createLogger } from '../../src-node/logging/index.js';
import type { SecretStore } from '../services/secrets/index.js';

const log = createLogger('electron-secrets');

/**
 * Keeps secrets encrypted by the operating system's key store (DPAPI on Windows, Keychain on
 * macOS, a Secret Service or KWallet on Linux), one file per secret under `folder`. Refuses to
 * store anything when encryption is unavailable or when Linux falls back to `basic_text`, which
 * only obscures the bytes with a fixed key.
 */
export class SafeStorageSecretStore implements SecretStore {
  constructor(private readonly folder: string) {}

  unavailableReason(): string | null {
    if (!safeStorage.isEncryptionAvailable()) {
      return 'this PC offers no encrypted storage for the sign-in; set up the system key store, then sign in again';
    }
    if (
      process.platform === 'linux' &&
      safeStorage.getSelectedStorageBackend() === 'basic_text'
    ) {
      return 'no system key store (GNOME Keyring or KWallet) is running, so the sign-in cannot be kept safely; start one, then sign in again';
    }
    return null;
  }

  get(name: string): Promise<string | null> {
    if (this.unavailableReason() !== null) {
      return Promise.resolve(null);
    }
    let sealed: Buffer;
    try {
      sealed = readFileSync(this.pathOf(name));
    } catch {
      return Promise.resolve(null);
    }
    try {
      return Promise.resolve(safeStorage.decryptString(sealed));
    } catch (error) {
      log.warn('get: a stored secret cannot be decrypted; sign in again', {
        name,
        error: (error as Error).message,
      });
      return Promise.resolve(null);
    }
  }

  set(name: string, value: string): Promise<void> {
    const reason = this.unavailableReason();
    if (reason !== null) {
      return Promise.reject(new Error(reason));
    }
    const path = this.pathOf(name);
    mkdirSync(dirname(path), { recursive: true });
    // Write aside and rename, so a crash never leaves half a secret.
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, safeStorage.encryptString(value), { mode: 0o600 });
    renameSync(temporary, path);
    return Promise.resolve();
  }

  delete(name: string): Promise<void> {
    rmSync(this.pathOf(name), { force: true });
    return Promise.resolve();
  }

  private pathOf(name: string): string {
    if (!/^[a-z0-9-]{1,64}$/.test(name)) {
      throw new Error(
        `secret name "${name.slice(0, 64)}" is invalid; use lower-case letters, digits and dashes`,
      );
    }
    return join(this.folder, `${name}.bin`);
  }
}
