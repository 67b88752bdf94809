import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { parseAvssMetadata } from '../../core/dataset/avss-metadata';
import { OBJECT_META, objectSubset, objectVideoPaths, type ObjectFormat } from '../datasets/object-layout';

/**
 * Rewrites an AVSS-layout folder (e.g. a synthetic one) in AVSBench-object's S4 or MS3 layout: PNG frames numbered
 * from 1, binary masks (class index > 0 → 255; S4 train keeps only the first mask, as in AVSBench), the wav per video
 * and the metadata csv (S4 category = the video's first sounding class).
 */
export async function exportObjectLayout(avssRoot: string, out: string, format: ObjectFormat): Promise<{ root: string; videos: number }> {
  const { rows } = parseAvssMetadata(fs.readFileSync(path.join(avssRoot, 'metadata.csv'), 'utf8'));
  const lines = [format === 's4' ? 'name,vid,category,split' : 'name,vid,split'];
  for (const r of rows) {
    const category = r.aObj.split(',')[0].trim() || 'silence';
    const subset = objectSubset(format, r.split, category);
    const p = objectVideoPaths(format, subset, r.uid);
    const src = path.join(avssRoot, r.subset, r.uid);
    for (const dir of [p.frameDir, p.maskDir, path.dirname(p.audio)]) fs.mkdirSync(path.join(out, dir), { recursive: true });
    const frames = fs.readdirSync(path.join(src, 'frames')).filter((f) => /^\d+\.jpg$/.test(f)).length;
    for (let t = 0; t < frames; t++) {
      await sharp(path.join(src, 'frames', `${t}.jpg`)).png().toFile(path.join(out, p.frame(t)));
      const label = path.join(src, 'labels_semantic', `${t}.png`);
      if (!fs.existsSync(label) || (format === 's4' && r.split === 'train' && t > 0)) continue;
      const { data, info } = await sharp(label).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      const binary = Buffer.from(data.map((v) => (v > 0 ? 255 : 0)));
      await sharp(binary, { raw: { width: info.width, height: info.height, channels: 1 } }).toColourspace('b-w').png().toFile(path.join(out, p.mask(t)));
    }
    fs.copyFileSync(path.join(src, 'audio.wav'), path.join(out, p.audio));
    lines.push(format === 's4' ? `${r.uid},${r.vid},${category},${r.split}` : `${r.uid},${r.vid},${r.split}`);
  }
  fs.writeFileSync(path.join(out, OBJECT_META[format].csv), lines.join('\n') + '\n');
  return { root: out, videos: rows.length };
}
