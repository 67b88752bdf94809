import type { z } from 'zod';
import { AppError } from '../../api/errors';
import type { Provider, ProviderInput } from '../../api/contracts/prompts';
import type { Db } from '../../store/db';
import type { SecretStore } from './secret-store';

interface ProviderRecord {
  id: number;
  name: string;
  base_url: string;
  model: string;
  api_key_sealed: string | null;
  timeout_ms: number;
  retries: number;
  concurrency: number;
}

const toProvider = (r: ProviderRecord): Provider => ({
  id: r.id,
  name: r.name,
  baseUrl: r.base_url,
  model: r.model,
  hasKey: r.api_key_sealed !== null,
  timeoutMs: r.timeout_ms,
  retries: r.retries,
  concurrency: r.concurrency,
});

export function listProviders(db: Db): Provider[] {
  return (db.prepare('SELECT * FROM prompt_providers ORDER BY name').all() as ProviderRecord[]).map(toProvider);
}

function record(db: Db, id: number): ProviderRecord {
  const r = db.prepare('SELECT * FROM prompt_providers WHERE id = ?').get(id) as ProviderRecord | undefined;
  if (!r) throw new AppError('not_found', `No provider ${id}.`, { fix: 'Pick a provider from the list or add one.' });
  return r;
}

export const getProvider = (db: Db, id: number): Provider => toProvider(record(db, id));

/** The provider's sealed API key as stored (for the host to open on a job's behalf), or none. */
export function sealedKeys(db: Db, id: number): string[] {
  const sealed = db.prepare('SELECT api_key_sealed FROM prompt_providers WHERE id = ?').pluck().get(id) as string | null | undefined;
  return sealed ? [sealed] : [];
}

/** The provider with its API key opened (job workers only; never crosses the API). */
export function providerWithKey(db: Db, id: number, secrets: SecretStore): Provider & { apiKey: string | null } {
  const r = record(db, id);
  return { ...toProvider(r), apiKey: r.api_key_sealed === null ? null : secrets.open(r.api_key_sealed) };
}

/** Creates or updates; the key is sealed before it reaches the DB (undefined keeps the stored one, null/'' clears it). */
export function saveProvider(db: Db, p: z.output<typeof ProviderInput>, secrets: SecretStore): Provider {
  const sealed = p.apiKey === undefined ? undefined : p.apiKey ? secrets.seal(p.apiKey) : null;
  const now = Date.now();
  try {
    if (p.id === undefined) {
      const id = db
        .prepare('INSERT INTO prompt_providers (name, base_url, model, api_key_sealed, timeout_ms, retries, concurrency, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(p.name, p.baseUrl, p.model, sealed ?? null, p.timeoutMs, p.retries, p.concurrency, now).lastInsertRowid as number;
      return getProvider(db, id);
    }
    record(db, p.id);
    db.prepare('UPDATE prompt_providers SET name = ?, base_url = ?, model = ?, timeout_ms = ?, retries = ?, concurrency = ?, updated_at = ? WHERE id = ?').run(
      p.name, p.baseUrl, p.model, p.timeoutMs, p.retries, p.concurrency, now, p.id,
    );
    if (sealed !== undefined) db.prepare('UPDATE prompt_providers SET api_key_sealed = ? WHERE id = ?').run(sealed, p.id);
    return getProvider(db, p.id);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict', `A provider named "${p.name}" exists already.`, { fix: 'Choose another name or edit that provider.' });
    throw err;
  }
}
