import type { Migration } from '../../store/migrations';
import { PAPER_Q1, PAPER_Q2 } from '../../core/prompts/template';

// Templates are immutable versions grouped by name (a save adds version n+1). Answers are a cache keyed by everything
// that makes them (video, template version, provider endpoint, model, settings hash): a re-run reads it and costs
// nothing. Failures are kept apart, one row per video and key, so nothing from a failed call is ever cached.
export const promptsMigrations: Migration[] = [
  {
    domain: 'prompts',
    version: 1,
    description: 'prompt templates (versioned), providers (sealed keys), answer cache, failures',
    up: (db) => {
      db.exec(`
        CREATE TABLE prompt_templates (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          version INTEGER NOT NULL,
          q1 TEXT NOT NULL,
          q2 TEXT NOT NULL,
          sampling TEXT NOT NULL,
          frames TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          created_at INTEGER NOT NULL,
          UNIQUE (name, version)
        );
        CREATE TABLE prompt_providers (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          base_url TEXT NOT NULL,
          model TEXT NOT NULL,
          api_key_sealed TEXT,
          timeout_ms INTEGER NOT NULL,
          retries INTEGER NOT NULL,
          concurrency INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE prompt_answers (
          id INTEGER PRIMARY KEY,
          dataset_id INTEGER NOT NULL,
          subset TEXT NOT NULL,
          uid TEXT NOT NULL,
          template_id INTEGER NOT NULL REFERENCES prompt_templates (id),
          endpoint TEXT NOT NULL,
          model TEXT NOT NULL,
          settings_hash TEXT NOT NULL,
          provider_id INTEGER,
          a1 TEXT NOT NULL,
          a2 TEXT NOT NULL,
          gt_classes TEXT NOT NULL DEFAULT '[]',
          ms INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          UNIQUE (dataset_id, subset, uid, template_id, endpoint, model, settings_hash)
        );
        CREATE INDEX prompt_answers_template ON prompt_answers (dataset_id, template_id);
        CREATE TABLE prompt_failures (
          dataset_id INTEGER NOT NULL,
          subset TEXT NOT NULL,
          uid TEXT NOT NULL,
          template_id INTEGER NOT NULL,
          endpoint TEXT NOT NULL,
          model TEXT NOT NULL,
          provider_id INTEGER,
          job_id TEXT,
          stage TEXT NOT NULL,
          gt_classes TEXT NOT NULL DEFAULT '[]',
          error TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (dataset_id, subset, uid, template_id, endpoint, model)
        );`);
      db.prepare('INSERT INTO prompt_templates (name, version, q1, q2, sampling, frames, note, created_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?)').run(
        'SSP paper',
        PAPER_Q1,
        PAPER_Q2,
        JSON.stringify({ temperature: 0, maxTokens: 256, topP: 1 }),
        JSON.stringify({ count: 5, size: 448 }),
        'The prompts of the SSP paper (MiniCPM-o-2.6).',
        Date.now(),
      );
    },
  },
];
