import { describe, expect, it } from 'vitest';
import { flowToColour, WHEEL } from './colour-wheel';

const one = (u: number, v: number, maxMagnitude = 4) =>
  Array.from(flowToColour({ width: 1, height: 1, data: Float32Array.from([u, v]) }, { kind: 'fixed', maxMagnitude }).data);

describe('flowToColour', () => {
  it('has the 55 colours of the Middlebury wheel starting at red', () => {
    expect(WHEEL).toHaveLength(55);
    expect(WHEEL[0]).toEqual([1, 0, 0]);
    expect(WHEEL[15]).toEqual([1, 1, 0]); // after the 15 red->yellow steps
  });

  it('renders no motion as white and full rightward motion as pure red', () => {
    expect(one(0, 0)).toEqual([255, 255, 255]);
    expect(one(4, 0)).toEqual([255, 0, 0]);
    expect(one(40, 0)).toEqual([255, 0, 0]);
  });

  it('desaturates towards white in proportion to magnitude', () => {
    expect(one(2, 0)).toEqual([255, 128, 128]); // 255 * (1 - 0.5)
  });

  it('gives opposite directions distinct hues (leftward flow sits halfway round the wheel)', () => {
    const left = one(-4, 0);
    // position 27 of 54: between cyan (index 25) and blue (index 36)
    const [r, g, b] = left;
    expect(r).toBe(0);
    expect(b).toBe(255);
    expect(g).toBe(Math.round(255 * (1 - 2 / 11)));
  });
});
