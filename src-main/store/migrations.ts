import type Database from 'better-sqlite3';

/**
 * Each domain owns its tables and an ordered list of migrations. Versions are per domain, so two
 * domains can evolve their schemas independently without fighting over one global number.
 */
export interface Migration {
  domain: string;
  version: number;
  description: string;
  up: string | ((db: Database.Database) => void);
}

export function applyMigrations(db: Database.Database, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    domain TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at INTEGER NOT NULL,
    PRIMARY KEY (domain, version))`);
  const applied = new Set(
    (db.prepare('SELECT domain, version FROM schema_migrations').all() as { domain: string; version: number }[]).map(
      (r) => `${r.domain}@${r.version}`,
    ),
  );
  const byDomain = new Map<string, Migration[]>();
  for (const m of migrations) byDomain.set(m.domain, [...(byDomain.get(m.domain) ?? []), m]);
  const done: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (domain, version, description, applied_at) VALUES (?, ?, ?, ?)');
  for (const [domain, list] of byDomain) {
    const sorted = [...list].sort((a, b) => a.version - b.version);
    sorted.forEach((m, i) => {
      if (m.version !== i + 1) throw new Error(`Migrations of ${domain} must be numbered 1..n without gaps (found ${m.version}).`);
    });
    for (const m of sorted) {
      const key = `${domain}@${m.version}`;
      if (applied.has(key)) continue;
      db.transaction(() => {
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
        record.run(domain, m.version, m.description, Date.now());
      })();
      done.push(key);
    }
  }
  return done;
}
