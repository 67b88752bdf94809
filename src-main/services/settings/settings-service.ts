import type { Db } from '../../store/db';
import type { EventBus } from '../../api/events';
import { Settings, type SettingsPatch } from './settings-schema';

/** Settings persisted in SQLite, one row per section; reads always fill in defaults. */
export class SettingsService {
  constructor(
    private readonly db: Db,
    private readonly events?: EventBus,
  ) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT section, value FROM settings').all() as { section: string; value: string }[];
    const raw: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        raw[r.section] = JSON.parse(r.value);
      } catch {
        // A corrupt row falls back to defaults for that section instead of breaking start-up.
      }
    }
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Keep the valid sections; reset only the ones that no longer match the schema.
    const healed: Record<string, unknown> = {};
    for (const key of Object.keys(Settings.shape)) {
      const section = Settings.shape[key as keyof typeof Settings.shape];
      const ok = section.safeParse(raw[key]);
      healed[key] = ok.success ? ok.data : section.parse(undefined);
    }
    return Settings.parse(healed);
  }

  update(patch: SettingsPatch): Settings {
    const current = this.get();
    const next = Settings.parse(
      Object.fromEntries(
        Object.entries(current).map(([k, v]) => [k, { ...v, ...((patch as Record<string, object | undefined>)[k] ?? {}) }]),
      ),
    );
    const upsert = this.db.prepare(
      'INSERT INTO settings (section, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(section) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.db.transaction(() => {
      for (const k of Object.keys(patch)) upsert.run(k, JSON.stringify(next[k as keyof Settings]), Date.now());
    })();
    this.events?.emit({ type: 'settings.changed' });
    return next;
  }
}
