/**
 * Storage for the console's secrets, such as the central's refresh token. The Electron build stores
 * them encrypted with the operating system's key store; tests and the browser host keep them in
 * memory only.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  /** Rejects when the store cannot keep the secret safely; the message gives the reason. */
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** Null when secrets can be stored, otherwise the reason to show the operator. */
  unavailableReason(): string | null;
}

/** Keeps secrets in memory; they are gone when the process ends. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  get(name: string): Promise<string | null> {
    return Promise.resolve(this.values.get(name) ?? null);
  }

  set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
    return Promise.resolve();
  }

  delete(name: string): Promise<void> {
    this.values.delete(name);
    return Promise.resolve();
  }

  unavailableReason(): string | null {
    return null;
  }
}
