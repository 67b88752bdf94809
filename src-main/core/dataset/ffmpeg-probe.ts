/** What `ffmpeg -i <file>` says about a media file on stderr (there is no ffprobe in the bundled build). */
export interface MediaProbe {
  durationSec: number | null;
  video: { codec: string; width: number; height: number; fps: number | null } | null;
  audio: { codec: string; sampleRate: number | null; channels: string } | null;
  /** ffmpeg's own complaint when it could not open the file (e.g. "moov atom not found"). */
  problem: string | null;
}

export function parseFfmpegProbe(stderr: string): MediaProbe {
  const dur = /Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  const durationSec = dur ? Number(dur[1]) * 3600 + Number(dur[2]) * 60 + Number(dur[3]) : null;
  let video: MediaProbe['video'] = null;
  let audio: MediaProbe['audio'] = null;
  for (const line of stderr.split('\n')) {
    const v = /Stream #\d+:\d+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})/.exec(line);
    if (v && !video) {
      const fps = /, ([\d.]+) fps/.exec(line) ?? /, ([\d.]+) tbr/.exec(line);
      video = { codec: v[1], width: Number(v[2]), height: Number(v[3]), fps: fps ? Number(fps[1]) : null };
    }
    const a = /Stream #\d+:\d+.*?: Audio: (\w+)/.exec(line);
    if (a && !audio) {
      const rate = /, (\d+) Hz/.exec(line);
      audio = { codec: a[1], sampleRate: rate ? Number(rate[1]) : null, channels: /Hz, ([^,]+)/.exec(line)?.[1].trim() ?? '' };
    }
  }
  const complaint = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /moov atom not found|Invalid data found|No such file|Permission denied|could not find codec|End of file|Error opening/i.test(l));
  return { durationSec, video, audio, problem: complaint ?? (video ? null : 'no video stream') };
}
