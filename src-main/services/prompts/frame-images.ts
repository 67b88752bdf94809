import sharp from 'sharp';
import { pickFrames } from '../../core/prompts/template';

/** The frames sent with a question: `count` spread over the video, longest side `size` px, as JPEG data URLs. */
export async function frameDataUrls(frames: readonly string[], count: number, size: number): Promise<string[]> {
  return Promise.all(
    pickFrames(frames.length, count).map(async (t) => {
      const jpeg = await sharp(frames[t]).resize(size, size, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer();
      return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
    }),
  );
}
