import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Seals secrets (provider API keys) for storage in the database: the DB only ever holds the sealed text.
 * Each sealed text starts with its scheme ("file:" / "safe:") so a store refuses blobs it cannot open.
 */
export interface SecretStore {
  seal(plain: string): string;
  open(sealed: string): string;
}

/**
 * Web mode and job workers: AES-256-GCM with a random 32-byte key kept in `<dataDir>/secrets/prompts.key`
 * (folder 0700, file 0600, created on first use). Copying the DB alone does not reveal the keys.
 */
export class FileKeySecretStore implements SecretStore {
  private key: Buffer | null = null;
  readonly keyFile: string;

  constructor(dataDir: string) {
    this.keyFile = path.join(dataDir, 'secrets', 'prompts.key');
  }

  private masterKey(): Buffer {
    if (this.key) return this.key;
    if (!fs.existsSync(this.keyFile)) {
      fs.mkdirSync(path.dirname(this.keyFile), { recursive: true, mode: 0o700 });
      try {
        fs.writeFileSync(this.keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process made it first
      }
    }
    const key = fs.readFileSync(this.keyFile);
    if (key.length !== 32) throw new Error(`${this.keyFile} is not a 32-byte key; delete it and enter the API keys again.`);
    return (this.key = key);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.masterKey(), iv);
    const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `file:${Buffer.concat([iv, c.getAuthTag(), data]).toString('base64')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith('file:')) throw new Error('This API key was sealed by another store (the Electron app?); enter it again here.');
    const raw = Buffer.from(sealed.slice(5), 'base64');
    const d = createDecipheriv('aes-256-gcm', this.masterKey(), raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    } catch {
      throw new Error(`The API key cannot be decrypted with ${this.keyFile} (key file replaced?); enter the API key again.`);
    }
  }
}

/** The part of Electron's `safeStorage` used here (structural, so services never import electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Electron host: the OS keychain (safeStorage) seals the keys; the host injects its safeStorage here. */
export class SafeStorageSecretStore implements SecretStore {
  constructor(private readonly safe: SafeStorageLike) {}

  seal(plain: string): string {
    if (!this.safe.isEncryptionAvailable()) throw new Error('The OS keychain is not available, so the API key cannot be stored encrypted.');
    return `safe:${this.safe.encryptString(plain).toString('base64')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith('safe:')) throw new Error('This API key was sealed by another store (web mode?); enter it again here.');
    return this.safe.decryptString(Buffer.from(sealed.slice(5), 'base64'));
  }
}

/**
 * Job workers: the secrets the host opened for this job (JobContext.unsealed), then the data folder's key file.
 * Keys sealed with the Electron keychain reach a worker only this way.
 */
export class HandedSecretStore implements SecretStore {
  constructor(
    private readonly unsealed: Readonly<Record<string, string>>,
    private readonly fallback: SecretStore,
  ) {}

  seal(plain: string): string {
    return this.fallback.seal(plain);
  }

  open(sealed: string): string {
    return Object.hasOwn(this.unsealed, sealed) ? this.unsealed[sealed] : this.fallback.open(sealed);
  }
}
