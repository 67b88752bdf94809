import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import type { DatasetAccess, DatasetInfo, Split, VideoFiles, VideoRef } from '../datasets/dataset-access';

interface Row extends VideoRef {
  split: Split;
  classes: string[];
}

/** Splits one CSV line, honouring double quotes ("a, b" stays one field; "" is a quote). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') (cur += '"'), i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

const byIndex = (a: string, b: string) => parseInt(a, 10) - parseInt(b, 10);

/**
 * A DatasetAccess over one folder in the AVSS layout (metadata.csv, label2idx.json, <subset>/<uid>/frames, labels_semantic),
 * answering for a single dataset id. The flow jobs and tests use it on plain folders (e.g. the synthetic generator's).
 */
export class AvssFolderAccess implements DatasetAccess {
  private readonly rows: Row[];
  private readonly classes: string[];

  constructor(
    readonly root: string,
    private readonly id = 1,
  ) {
    const csv = path.join(root, 'metadata.csv');
    if (!fs.existsSync(csv)) {
      throw new AppError('not_found', `${csv} does not exist.`, { file: csv, fix: 'Pick the folder that holds the AVSS metadata.csv.' });
    }
    const [header, ...lines] = fs.readFileSync(csv, 'utf8').split(/\r?\n/).filter((l) => l.trim());
    const cols = csvFields(header);
    const col = (name: string) => {
      const i = cols.indexOf(name);
      if (i < 0) throw new AppError('bad_input', `${csv} has no "${name}" column (header: ${header}).`, { file: csv, fix: 'Use the AVSS header vid,uid,s_min,s_sec,a_obj,split,label.' });
      return i;
    };
    const [uid, split, label, aObj] = [col('uid'), col('split'), col('label'), col('a_obj')];
    this.rows = lines.map((l) => {
      const f = csvFields(l);
      return { subset: f[label], uid: f[uid], split: f[split] as Split, classes: f[aObj] ? f[aObj].split(/[,;]\s*/) : [] };
    });
    const l2i = path.join(root, 'label2idx.json');
    const idx: Record<string, number> = fs.existsSync(l2i) ? JSON.parse(fs.readFileSync(l2i, 'utf8')) : {};
    this.classes = Object.entries(idx).sort((a, b) => a[1] - b[1]).map(([name]) => name);
  }

  info(datasetId: number): DatasetInfo {
    this.check(datasetId);
    return { id: this.id, root: this.root, format: 'avss', classes: this.classes, palette: [] };
  }

  list(datasetId: number, split?: Split): VideoRef[] {
    this.check(datasetId);
    return this.rows.filter((r) => !split || r.split === split).map(({ subset, uid }) => ({ subset, uid }));
  }

  async files(datasetId: number, video: VideoRef): Promise<VideoFiles> {
    this.check(datasetId);
    const row = this.rows.find((r) => r.subset === video.subset && r.uid === video.uid);
    if (!row) throw new AppError('not_found', `No video ${video.subset}/${video.uid} in ${this.root}/metadata.csv.`);
    const dir = path.join(this.root, row.subset, row.uid);
    const framesDir = path.join(dir, 'frames');
    if (!fs.existsSync(framesDir)) {
      throw new AppError('bad_input', `${framesDir} does not exist.`, { file: framesDir, fix: 'Extract the video frames into frames/<t>.jpg.' });
    }
    const frames = fs.readdirSync(framesDir).filter((f) => /^\d+\.(jpe?g|png)$/i.test(f)).sort(byIndex);
    const labelDir = path.join(dir, 'labels_semantic');
    const labels = frames.map((f) => {
      const file = path.join(labelDir, `${parseInt(f, 10)}.png`);
      return fs.existsSync(file) ? file : null;
    });
    const audio = path.join(dir, 'audio.wav');
    return {
      subset: row.subset,
      uid: row.uid,
      split: row.split,
      frames: frames.map((f) => path.join(framesDir, f)),
      labels,
      labelKind: labels.some(Boolean) ? 'semantic' : 'none',
      audio: fs.existsSync(audio) ? audio : null,
      classes: row.classes,
    };
  }

  private check(datasetId: number): void {
    if (datasetId !== this.id) throw new AppError('not_found', `Dataset ${datasetId} is not open here (this folder is dataset ${this.id}).`);
  }
}
