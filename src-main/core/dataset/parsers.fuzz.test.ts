import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCsv } from './csv';
import { parseAvssMetadata } from './avss-metadata';
import { readImageHeader } from './image-header';
import { decodeWavPcm16, encodeWavPcm16 } from '../audio/wav';
import { loadFlowModel } from '../../services/flow/flow-model-manifest';
import { AppError } from '../../api/errors';
import { fuzz } from '../test-fuzz-budget';

// Property-based fuzzing of the parsers that read user files, bounded in runs and time (test-fuzz-budget.ts).
const RUNS = 2000;
const quote = (s: string) => (/[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);

describe('parser fuzzing', () => {
  it('CSV: any table written with RFC 4180 quoting parses back to the same cells', async () => {
    const cell = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '\u0000') });
    await fuzz(
      'CSV round trip',
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (table) => {
        const text = table.map((r) => r.map(quote).join(',')).join('\r\n');
        expect(parseCsv(text).map((r) => r.cells)).toEqual(table);
      }),
      RUNS,
    );
  });

  it('AVSS metadata: never throws; every accepted row is usable and unique', async () => {
    const line = fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('train', 'val', 'test', 'v1s', 'v1m', 'v2', '..', 'a/b', '"x,y"')), { maxLength: 9 });
    await fuzz(
      'AVSS metadata',
      fc.property(fc.boolean(), fc.array(line, { maxLength: 30 }), (goodHeader, lines) => {
        const text = [goodHeader ? 'vid,uid,s_min,s_sec,a_obj,split,label' : 'vid,uid', ...lines.map((l) => l.join(','))].join('\n');
        const r = parseAvssMetadata(text);
        if (!goodHeader) {
          expect(r.fatal).toBeDefined();
          return;
        }
        const uids = r.rows.map((x) => x.uid);
        expect(new Set(uids).size).toBe(uids.length);
        for (const row of r.rows) {
          expect(['train', 'val', 'test']).toContain(row.split);
          expect(['v1s', 'v1m', 'v2']).toContain(row.subset);
          expect(row.uid).not.toMatch(/[/\\\0]|^\.\.?$/);
        }
        for (const e of r.errors) expect(e.file).toMatch(/^metadata\.csv:\d+$/);
      }),
      RUNS,
    );
  });

  it('image headers: random bytes give null or a header; real PNG/JPEG sizes are read exactly', async () => {
    await fuzz(
      'image headers',
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const h = readImageHeader(bytes);
        if (h) expect(h.width).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
    const sharp = (await import('sharp')).default;
    for (const [w, h] of [[1, 1], [224, 224], [640, 360], [37, 1001]]) {
      const png = await sharp({ create: { width: w, height: h, channels: 3, background: '#123' } }).png().toBuffer();
      const jpg = await sharp({ create: { width: w, height: h, channels: 3, background: '#123' } }).jpeg().toBuffer();
      expect(readImageHeader(png)).toMatchObject({ format: 'png', width: w, height: h, channels: 3 });
      expect(readImageHeader(jpg)).toMatchObject({ format: 'jpeg', width: w, height: h });
    }
  });

  it('WAV: random or truncated bytes fail with a message, never hang or return garbage lengths', async () => {
    const valid = encodeWavPcm16(Float32Array.from({ length: 400 }, (_, i) => Math.sin(i)), 16000);
    await fuzz(
      'WAV',
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: valid.length }).map((n) => valid.slice(0, n))), (bytes) => {
        try {
          const d = decodeWavPcm16(bytes);
          expect(d.samples.length).toBeLessThanOrEqual(bytes.length / 2);
        } catch (e) {
          expect((e as Error).message.length).toBeGreaterThan(3);
        }
      }),
      RUNS,
    );
  });

  const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-fuzz-models-'));
  afterAll(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

  it('flow model manifests: any content is either a valid model or a bad_input error naming the file', async () => {
    fs.writeFileSync(path.join(modelsDir, 'net.onnx'), 'x');
    await fuzz(
      'flow model manifests',
      fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify({ file: 'net.onnx', extra: v }))), (content) => {
        fs.writeFileSync(path.join(modelsDir, 'm.flow.json'), content);
        try {
          loadFlowModel(modelsDir, 'm');
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('bad_input');
          expect((e as AppError).message).toContain('m.flow.json');
        }
      }),
      500,
    );
  });
});
