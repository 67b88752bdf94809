import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../api/errors';
import { fuzz } from '../../core/test-fuzz-budget';
import { ModelManifest } from './model-manifest';
import { ModelRegistry } from './model-registry';

// Segmentation model manifests come from disk (models/<name>.model.json, the engine's <name>.manifest.json):
// any content must give a valid model or a bad_input AppError naming the file, never another exception,
// and registering must never write outside the models folder.

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-fuzz-manifests-'));
const dir = path.join(base, 'models');
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, 'net.onnx'), 'x');
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const engine = {
  name: 'net',
  task: 'avs-binary',
  numClasses: 1,
  opset: 17,
  inputs: [{ name: 'frames', dtype: 'float32', shape: ['T', 3, 64, 64] }],
  outputs: [{ name: 'foreground', dtype: 'float32', shape: ['T', 64, 64] }],
  preprocessing: { size: [64, 64], mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375], channelOrder: 'RGB', valueRange: 255, layout: 'NCHW' },
  audio: { sampleRate: 16000, melBins: 64, patchFrames: 96, windowSamples: 400, hopSamples: 160, fftSize: 512, melRangeHz: [125, 7500], logOffset: 0.01 },
  switches: { preMask: true, postMask: false, text: 'none', steppingStone: false },
  parityMaxAbsDiff: null,
  createdFrom: {},
};
const registered = { ...engine, kind: 'segmentation', file: 'net.onnx', trainedWith: { runId: 1, runName: 'r', datasetId: null, datasetRoot: null, config: {} }, registeredAt: 1 };

/** Leaf paths of a JSON value, to replace or delete one of them. */
const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
  v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [[...at, Array.isArray(v) ? Number(k) : k], ...paths(x, [...at, Array.isArray(v) ? Number(k) : k])]) : [];

/** The valid manifest with one field replaced by any JSON value (or deleted), as text. */
const mutated = (valid: object) =>
  fc.tuple(fc.constantFrom(...paths(valid)), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })).map(([p, value]) => {
    const copy = structuredClone(valid) as Record<string | number, unknown>;
    const parent = p.slice(0, -1).reduce((o, k) => o[k] as Record<string | number, unknown>, copy);
    if (value === undefined) delete parent[p[p.length - 1]];
    else parent[p[p.length - 1]] = value;
    return JSON.stringify(copy);
  });
const anyContent = (valid: object) => fc.oneof(mutated(valid), fc.json(), fc.string({ maxLength: 200 }), fc.constantFrom('', '{', 'null', '[]', '\u0000', JSON.stringify(valid).slice(0, 40)));

const expectBadInput = (e: unknown, file: string) => {
  expect(e).toBeInstanceOf(AppError);
  expect(e).toMatchObject({ code: 'bad_input', message: expect.stringContaining(path.basename(file)) });
};

describe('model manifest fuzzing', () => {
  it('models/<name>.model.json: any content is a valid model or a bad_input naming the file', async () => {
    const reg = new ModelRegistry(dir);
    const file = path.join(dir, 'm.model.json');
    let valid = 0;
    const ran = await fuzz(
      'model manifests',
      fc.property(anyContent(registered), (content) => {
        fs.writeFileSync(file, content);
        try {
          const { manifest } = reg.get('m');
          expect(ModelManifest.safeParse(JSON.parse(content)).success).toBe(true);
          expect(manifest.file).toMatch(/^[^/\\]+\.onnx$/);
          valid++;
        } catch (e) {
          // A valid manifest naming an .onnx that is not there is "not found", not bad input.
          if ((e as AppError).code === 'not_found') expect(ModelManifest.safeParse(JSON.parse(content)).success).toBe(true);
          else expectBadInput(e, file);
        }
      }),
      600,
    );
    // The mutations keep some manifests valid (e.g. another number where any number goes): both outcomes are exercised.
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(ran);
  });

  it("the engine's manifest: register() accepts it or refuses with bad_input, and never writes outside models/", async () => {
    const reg = new ModelRegistry(dir);
    const file = path.join(base, 'net.manifest.json');
    const hostileNames = fc.constantFrom('../escape', '/tmp/escape', 'a/b', '..', '.hidden', 'C:\\x', 'ok-name.v2');
    const content = fc.oneof(anyContent(engine), hostileNames.map((name) => JSON.stringify({ ...engine, name })));
    await fuzz(
      'engine manifests',
      fc.property(content, (text) => {
        fs.writeFileSync(file, text);
        try {
          const m = reg.register(file, path.join(dir, 'net.onnx'), registered.trainedWith);
          expect(m.name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
          expect(fs.existsSync(path.join(dir, `${m.name}.model.json`))).toBe(true);
        } catch (e) {
          expectBadInput(e, file);
        }
      }),
      300,
    );
    expect(fs.readdirSync(base).sort()).toEqual(['models', 'net.manifest.json']);
  });
});
