import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaskSettings } from '../../api/contracts/flow';
import type { BinaryMask } from '../../core/masks/types';
import { openDatabase, type Db } from '../../store/db';
import { allMigrations } from '../../app/migrations';
import type { CatalogDatasetAccess } from '../datasets/catalog-access';
import { FlowCache } from './flow-cache';
import { indexForTest } from './test-catalog';
import { FIXTURE, OBJECTS, writeFlowFixture } from './test-avss-fixture';
import { writeTestFlowModel } from './test-flow-models';
import { VideoFlow } from './video-flow';

let root: string;
let dataDir: string;
let db: Db;
let access: CatalogDatasetAccess;
let id: number;
let flow: VideoFlow;
const settings = MaskSettings.parse({ workMaxSide: FIXTURE.width });

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flow-ds-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-flow-data-'));
  await writeFlowFixture(root);
  db = openDatabase(':memory:', allMigrations);
  ({ access, datasetId: id } = indexForTest(db, root));
  flow = new VideoFlow(new FlowCache(db, dataDir), path.join(dataDir, 'models'));
});

afterAll(async () => {
  await flow.dispose();
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Share of a box that the mask marks. */
function boxCoverage(m: BinaryMask, x0: number, y0: number, size: number): number {
  let on = 0;
  for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) on += m.data[y * m.width + x];
  return on / (size * size);
}

/** Share of the pixels farther than `pad` px from a box that the mask marks. */
function outsideBox(m: BinaryMask, x0: number, y0: number, size: number, pad: number): number {
  let on = 0;
  let all = 0;
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      if (x >= x0 - pad && x < x0 + size + pad && y >= y0 - pad && y < y0 + size + pad) continue;
      (on += m.data[y * m.width + x]), all++;
    }
  }
  return on / all;
}

describe('video flow masks on a dataset folder', () => {
  it('M_O covers the moving object in every frame and neither the stationary one nor the background', async () => {
    const video = await access.files(id, { subset: 'v2', uid: 'moving' });
    const { stack, stats, computed } = await flow.masks(id, video, settings);
    expect(computed).toEqual({ flow: true, masks: true });
    expect(stack.masks).toHaveLength(FIXTURE.frames);
    const [moving, still] = OBJECTS;
    stack.masks.forEach((m, t) => {
      expect(m).toMatchObject({ width: FIXTURE.width, height: FIXTURE.height });
      const p = moving.at(t);
      expect(boxCoverage(m, p.x, p.y, FIXTURE.box)).toBeGreaterThan(0.8);
      const s = still.at(t);
      expect(boxCoverage(m, s.x, s.y, FIXTURE.box)).toBeLessThan(0.02);
      // Blank farther than 17 px from the moving box: Farneback's 15 px window smears edges, and Eq. 1 averages in
      // the previous flow, drawn where the object was one step (5 px) earlier.
      expect(outsideBox(m, p.x, p.y, FIXTURE.box, 17)).toBeLessThan(0.005);
    });
    // GT = both objects, equal areas: M_O finds the moving half (measured 0.50). What it marks outside GT is the
    // edge smear around the moving box (measured 0.50 of M_O: the mask is about twice the object's area).
    expect(stats.gtCoverage).toBeGreaterThan(0.45);
    expect(stats.gtCoverage).toBeLessThan(0.55);
    expect(stats.motionOutsideGt).toBeGreaterThan(0.3);
    expect(stats.motionOutsideGt).toBeLessThan(0.6);
    expect(stats.frames).toBe(FIXTURE.frames);
  });

  it('re-uses cached flow when only the threshold changes, and recomputes flow when the work size does', async () => {
    const video = await access.files(id, { subset: 'v2', uid: 'moving' });
    expect((await flow.masks(id, video, settings)).computed).toEqual({ flow: false, masks: false });
    const stricter = { ...settings, threshold: { kind: 'fixed' as const, level: 200 } };
    const strict = await flow.masks(id, video, stricter);
    expect(strict.computed).toEqual({ flow: false, masks: true });
    expect(strict.stats.motionShare).toBeLessThan((await flow.masks(id, video, settings)).stats.motionShare);
    expect((await flow.masks(id, video, { ...settings, workMaxSide: 80 })).computed).toEqual({ flow: true, masks: true });
  });

  it('recomputes masks but not flow when a label changes', async () => {
    const video = await access.files(id, { subset: 'v2', uid: 'still' });
    const first = await flow.masks(id, video, settings);
    expect(first.stats.gtCoverage).toBe(0); // nothing moves: no GT pixel is covered
    expect(first.stats.motionShare).toBe(0);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(video.labels[1]!, later, later);
    expect((await flow.masks(id, video, settings)).computed).toEqual({ flow: false, masks: true });
  });

  it('reports a one-frame video and frames of different sizes with the file and the fix', async () => {
    const single = await access.files(id, { subset: 'v1s', uid: 'single' });
    await expect(flow.masks(id, single, settings)).rejects.toThrow(/v1s\/single has 1 frame\(s\); optical flow needs at least 2/);
    const mixed = await access.files(id, { subset: 'v1s', uid: 'mixed' });
    await expect(flow.masks(id, mixed, settings)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/2\.jpg is 168x120, frame .*0\.jpg is 160x120/),
      details: { file: mixed.frames[2] },
    });
  });

  it('names the missing ONNX model', async () => {
    const video = await access.files(id, { subset: 'v2', uid: 'moving' });
    await expect(flow.masks(id, video, { ...settings, backend: { kind: 'onnx', model: 'raft-small' } })).rejects.toThrow(/raft-small.flow.json does not exist/);
  });

  it('runs an ONNX model from models/, recomputes flow when its file is replaced, and reports a mismatched one', async () => {
    const models = path.join(dataDir, 'models');
    writeTestFlowModel(models, 'diff', { layout: 'pair' });
    writeTestFlowModel(models, 'bad', { layout: 'pair' }, { output: { name: 'flow_out' } });
    const video = await access.files(id, { subset: 'v2', uid: 'moving' });
    const onnx = { ...settings, backend: { kind: 'onnx' as const, model: 'diff' } };
    const first = await flow.masks(id, video, onnx);
    expect(first.computed).toEqual({ flow: true, masks: true });
    // The test network's "flow" is the colour change between frames: nonzero exactly where the object moved.
    expect(first.stats.gtCoverage).toBeGreaterThan(0.3);
    expect((await flow.masks(id, video, onnx)).computed.flow).toBe(false);
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(path.join(models, 'diff.onnx'), later, later);
    expect((await flow.masks(id, video, onnx)).computed.flow).toBe(true);
    await expect(flow.masks(id, video, { ...settings, backend: { kind: 'onnx', model: 'bad' } })).rejects.toThrow(
      /bad.flow.json does not match .*bad.onnx: the manifest names "flow_out"/,
    );
  });
});
