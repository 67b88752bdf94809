import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseEngineLine } from './engine-events';

const lines = [
  '{"v":1,"type":"log","time":1795000000.123,"level":"info","message":"start","data":{"world_size":1,"device":"cpu","total_steps":6}}',
  '{"v":1,"type":"step","time":1795000000.456,"step":1,"total_steps":6,"epoch":0,"epochs":2,"lr":0.001,"losses":{"mask":2.1,"dice":2.4,"cls":2.2,"post":0.7,"total":36.9},"samples_per_s":4.1,"step_time_s":0.49}',
  '{"v":1,"type":"epoch","time":1795000001.5,"epoch":0,"step":3,"mean_loss":35.2}',
  '{"v":1,"type":"eval","time":1795000002.0,"epoch":0,"step":3,"split":"val","control":"none","metrics":{"mIoU":0.31,"fscore":0.42,"frames":15}}',
  '{"v":1,"type":"checkpoint","time":1795000002.1,"path":"runs/x/last.pt","step":3,"epoch":1}',
  '{"v":1,"type":"done","time":1795000004.0,"command":"train","step":6,"epoch":2,"out_dir":"runs/x","reason":"epochs"}',
];

describe('engine protocol v1', () => {
  it('parses the documented example run', () => {
    const types = lines.map((l) => {
      const r = parseEngineLine(l);
      if (!('event' in r)) throw new Error(r.problem);
      return r.event.type;
    });
    expect(types).toEqual(['log', 'step', 'epoch', 'eval', 'checkpoint', 'done']);
    const ckpt = parseEngineLine(lines[4]);
    expect('event' in ckpt && ckpt.event.type === 'checkpoint' && ckpt.event.name).toBe('last');
    const best = parseEngineLine('{"v":1,"type":"checkpoint","time":1,"path":"runs/x/best.pt","step":3,"epoch":1,"name":"best"}');
    expect('event' in best && best.event.type === 'checkpoint' && best.event.name).toBe('best');
    const step = parseEngineLine(lines[1]);
    expect('event' in step && step.event.type === 'step' && step.event.losses.total).toBe(36.9);
  });

  it('keeps non-finite numbers (written as null) and tolerates added fields', () => {
    const r = parseEngineLine('{"v":1,"type":"step","time":1,"step":2,"total_steps":4,"epoch":0,"epochs":1,"lr":null,"losses":{"total":null},"samples_per_s":null,"step_time_s":0.1,"new_field":true}');
    expect('event' in r).toBe(true);
  });

  it('turns anything else into a problem description, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (s) => {
        const r = parseEngineLine(s);
        expect('event' in r || ('problem' in r && r.problem.length > 0)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(parseEngineLine('{"v":2,"type":"step"}')).toHaveProperty('problem');
    expect(parseEngineLine('Traceback (most recent call last):')).toHaveProperty('problem');
  });
});
