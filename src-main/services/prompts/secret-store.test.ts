import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { FileKeySecretStore, SafeStorageSecretStore, type SafeStorageLike } from './secret-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-secrets-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('FileKeySecretStore', () => {
  it('seals with a 0600 key file that another process (a job worker) can open with', () => {
    const host = new FileKeySecretStore(dir);
    const sealed = host.seal('sk-abc');
    expect(sealed).toMatch(/^file:/);
    expect(sealed).not.toContain('sk-abc');
    expect(host.seal('sk-abc')).not.toBe(sealed); // fresh IV each time
    expect(fs.statSync(host.keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(host.keyFile)).mode & 0o777).toBe(0o700);
    expect(new FileKeySecretStore(dir).open(sealed)).toBe('sk-abc');
  });

  it('is AES-256-GCM with iv | tag | data, checked with node:crypto directly', () => {
    const store = new FileKeySecretStore(dir);
    const raw = Buffer.from(store.seal('hello').slice(5), 'base64');
    const key = fs.readFileSync(store.keyFile);
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    expect(Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString()).toBe('hello');
    const c = createCipheriv('aes-256-gcm', key, Buffer.alloc(12, 1));
    const data = Buffer.concat([c.update('other'), c.final()]);
    expect(store.open(`file:${Buffer.concat([Buffer.alloc(12, 1), c.getAuthTag(), data]).toString('base64')}`)).toBe('other');
  });

  it('refuses tampered blobs, another key file and other schemes with the fix', () => {
    const store = new FileKeySecretStore(dir);
    const raw = Buffer.from(store.seal('sk-abc').slice(5), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => store.open(`file:${raw.toString('base64')}`)).toThrow(/enter the API key again/);
    const other = fs.mkdtempSync(path.join(dir, 'other-'));
    expect(() => new FileKeySecretStore(other).open(store.seal('x'))).toThrow(/cannot be decrypted/);
    expect(() => store.open('safe:AAAA')).toThrow(/another store/);
  });
});

describe('SafeStorageSecretStore', () => {
  // Electron's safeStorage is not available outside Electron; this stand-in reverses bytes like an opaque cipher.
  const safe: SafeStorageLike = {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(s).reverse(),
    decryptString: (b) => Buffer.from(b).reverse().toString(),
  };
  it('round-trips through safeStorage and tags the scheme', () => {
    const store = new SafeStorageSecretStore(safe);
    const sealed = store.seal('sk-xyz');
    expect(sealed).toBe(`safe:${Buffer.from('zyx-ks').toString('base64')}`);
    expect(store.open(sealed)).toBe('sk-xyz');
    expect(() => store.open('file:AAAA')).toThrow(/another store/);
  });
  it('refuses to store a key when the keychain is unavailable', () => {
    expect(() => new SafeStorageSecretStore({ ...safe, isEncryptionAvailable: () => false }).seal('k')).toThrow(/keychain/);
  });
});
