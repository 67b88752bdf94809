import fs from 'node:fs';
import path from 'node:path';
import type { MaskSettings, MaskStatsRow, StatsSortKey } from '../../api/contracts/flow';
import type { FlowField } from '../../core/flow/types';
import type { VideoMaskStats } from '../../core/masks/video-stats';
import type { Db } from '../../store/db';
import type { VideoRef } from '../datasets/dataset-access';
import { writeFileAtomic } from '../fs/atomic';
import { decodeFlows, encodeFlows } from './flow-file';
import { videoFileStem } from './flow-keys';
import type { Size } from './frame-io';
import { decodeMasks, encodeMasks, type MaskStack } from './mask-file';

export interface CachedFlow {
  flows: FlowField[];
  /** The frames' native size (flows are at the work size). */
  native: Size;
}

const SORT_COLUMNS: Record<StatsSortKey, string> = {
  gtCoverage: 'gt_coverage',
  motionOutsideGt: 'motion_outside_gt',
  motionShare: 'motion_share',
  uid: 'uid',
};

/**
 * The flow and mask caches: files under <dataDir>/flow/{fields,masks}/<key>/ written atomically, indexed in SQLite
 * with the settings and input signatures that made them. A file missing behind a row counts as a miss.
 */
export class FlowCache {
  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {}

  getFlow(datasetId: number, v: VideoRef, flowKey: string, framesSig: string): CachedFlow | null {
    const row = this.db
      .prepare('SELECT file, width, height FROM flow_fields WHERE dataset_id = ? AND subset = ? AND uid = ? AND flow_key = ? AND frames_sig = ?')
      .get(datasetId, v.subset, v.uid, flowKey, framesSig) as { file: string; width: number; height: number } | undefined;
    const buf = row && this.read(row.file);
    return buf ? { flows: decodeFlows(buf), native: { width: row.width, height: row.height } } : null;
  }

  putFlow(datasetId: number, v: VideoRef, flowKey: string, framesSig: string, settings: MaskSettings, flow: CachedFlow): void {
    const file = path.join('flow', 'fields', flowKey, `${videoFileStem(datasetId, v.subset, v.uid)}.sspf`);
    writeFileAtomic(path.join(this.dataDir, file), encodeFlows(flow.flows));
    this.db
      .prepare(
        `INSERT OR REPLACE INTO flow_fields (dataset_id, subset, uid, flow_key, frames_sig, file, frames, width, height, settings, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(datasetId, v.subset, v.uid, flowKey, framesSig, file, flow.flows.length + 1, flow.native.width, flow.native.height,
        JSON.stringify({ backend: settings.backend, workMaxSide: settings.workMaxSide }), Date.now());
  }

  getMasks(datasetId: number, v: VideoRef, maskKey: string, inputsSig: string): { stack: MaskStack; stats: VideoMaskStats } | null {
    const row = this.db
      .prepare(
        `SELECT file, frames, gt_coverage AS gtCoverage, motion_outside_gt AS motionOutsideGt, motion_share AS motionShare
         FROM flow_masks WHERE dataset_id = ? AND subset = ? AND uid = ? AND mask_key = ? AND inputs_sig = ?`,
      )
      .get(datasetId, v.subset, v.uid, maskKey, inputsSig) as (VideoMaskStats & { file: string }) | undefined;
    const buf = row && this.read(row.file);
    if (!row || !buf) return null;
    const { file: _file, ...stats } = row;
    return { stack: decodeMasks(buf), stats };
  }

  putMasks(
    datasetId: number,
    v: VideoRef,
    keys: { maskKey: string; flowKey: string; inputsSig: string },
    settings: MaskSettings,
    stack: MaskStack,
    stats: VideoMaskStats & { gtFrames: number },
  ): void {
    const file = path.join('flow', 'masks', keys.maskKey, `${videoFileStem(datasetId, v.subset, v.uid)}.sspm`);
    writeFileAtomic(path.join(this.dataDir, file), encodeMasks(stack));
    this.db
      .prepare(
        `INSERT OR REPLACE INTO flow_masks (dataset_id, subset, uid, mask_key, flow_key, inputs_sig, file, settings, frames, gt_frames,
           gt_coverage, motion_outside_gt, motion_share, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(datasetId, v.subset, v.uid, keys.maskKey, keys.flowKey, keys.inputsSig, file, JSON.stringify(settings), stats.frames,
        stats.gtFrames, stats.gtCoverage, stats.motionOutsideGt, stats.motionShare, Date.now());
  }

  /** Statistics rows of one mask key; nulls sort last in either order. */
  stats(datasetId: number, maskKey: string, sortBy: StatsSortKey, order: 'asc' | 'desc', limit: number): MaskStatsRow[] {
    const col = SORT_COLUMNS[sortBy];
    return this.db
      .prepare(
        `SELECT subset, uid, frames, gt_frames AS gtFrames, gt_coverage AS gtCoverage, motion_outside_gt AS motionOutsideGt,
           motion_share AS motionShare, mask_key AS maskKey, created_at AS computedAt
         FROM flow_masks WHERE dataset_id = ? AND mask_key = ?
         ORDER BY ${col} IS NULL, ${col} ${order === 'asc' ? 'ASC' : 'DESC'}, subset, uid LIMIT ?`,
      )
      .all(datasetId, maskKey, limit) as MaskStatsRow[];
  }

  getSettings(): unknown {
    const row = this.db.prepare('SELECT value FROM flow_settings WHERE id = 1').get() as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  }

  putSettings(settings: MaskSettings): void {
    this.db
      .prepare('INSERT INTO flow_settings (id, value, updated_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(JSON.stringify(settings), Date.now());
  }

  private read(file: string): Buffer | null {
    try {
      return fs.readFileSync(path.join(this.dataDir, file));
    } catch {
      return null;
    }
  }
}
