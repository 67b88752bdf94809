import { describe, expect, it } from 'vitest';
import { colourise, describePixel, type Pixels } from './colourise';

/** A one-row image whose first channel holds `values` (as the browser decodes a grey PNG: r = g = b = v). */
const row = (values: number[]): Pixels => ({ width: values.length, height: 1, rgba: new Uint8ClampedArray(values.flatMap((v) => [v, v, v, 255])) });
const alpha = (out: Uint8ClampedArray) => Array.from({ length: out.length / 4 }, (_, i) => out[i * 4 + 3]);
const rgbAt = (out: Uint8ClampedArray, i: number) => Array.from(out.subarray(i * 4, i * 4 + 3));
const classes = ['background', 'dog', 'bird'];
const palette: [number, number, number][] = [[0, 0, 0], [128, 0, 0], [0, 128, 0]];

describe('viewer colourise / describePixel', () => {
  it('binary errors: every (prediction, GT) pair gets the TP/FP/FN/TN the metrics would count, in overlay and readout', () => {
    // Probabilities around the 0.5 cut (128) against GT background and object.
    const probs = [0, 127, 128, 255];
    const pred = row([...probs, ...probs]);
    const gt = row([0, 0, 0, 0, 255, 255, 255, 255]);
    const out = colourise('error', pred, '#ffffff', palette, gt);
    // The metrics' rule written out: predicted = byte ≥ 128 (p > 0.5), object = GT > 0.
    const expected = [0, 0, 0, 0, 1, 1, 1, 1].map((g, i) => {
      const p = pred.rgba[i * 4] >= 128;
      return p ? (g ? 'TP' : 'FP') : g ? 'FN' : 'TN';
    });
    expect(expected).toEqual(['TN', 'TN', 'FP', 'FP', 'FN', 'FN', 'TP', 'TP']);
    expected.forEach((e, i) => {
      expect(describePixel('error', pred, i, 0, classes, gt)).toBe(e);
      // Only errors are drawn: FP red, FN blue.
      expect(alpha(out)[i]).toBe(e === 'FP' || e === 'FN' ? 255 : 0);
      if (e === 'FP') expect(rgbAt(out, i)).toEqual([255, 40, 40]);
      if (e === 'FN') expect(rgbAt(out, i)).toEqual([40, 110, 255]);
    });
  });

  it('class errors: class on background, missed object, wrong class, correct and ignored GT 255', () => {
    const pred = row([1, 0, 2, 1, 0, 2]);
    const gt = row([0, 1, 1, 1, 0, 255]);
    const out = colourise('classError', pred, '#ffffff', palette, gt);
    const readouts = [0, 1, 2, 3, 4, 5].map((x) => describePixel('classError', pred, x, 0, classes, gt));
    expect(readouts).toEqual(['FP: dog on background', 'FN: dog missed', 'wrong class: bird, GT dog', 'correct (dog)', 'correct (background)', 'ignored (GT 255)']);
    expect(alpha(out)).toEqual([255, 255, 255, 0, 0, 0]);
    expect([0, 1, 2].map((i) => rgbAt(out, i))).toEqual([[255, 40, 40], [40, 110, 255], [255, 160, 0]]);
  });

  it('mask at p > 0.5, heat map alpha = probability, M_Pre three levels, semantic in the palette', () => {
    const p = row([0, 127, 128, 200]);
    expect(alpha(colourise('threshold', p, '#ff0000', palette))).toEqual([0, 0, 255, 255]);
    expect(alpha(colourise('heat', p, '#ff0000', palette))).toEqual([0, 127, 128, 200]);
    expect([0, 1, 2, 3].map((x) => describePixel('heat', p, x, 0, classes))).toEqual(['0.00', '0.50', '0.50', '0.78']);

    const pre = row([0, 128, 255]);
    const preOut = colourise('pre', pre, '#00ff00', palette);
    expect(alpha(preOut)).toEqual([0, 255, 255]);
    expect([rgbAt(preOut, 1), rgbAt(preOut, 2)]).toEqual([[160, 160, 160], [0, 255, 0]]);
    expect([0, 1, 2].map((x) => describePixel('pre', pre, x, 0, classes))).toEqual(['0', '0.5', '1']);

    const sem = row([0, 1, 2]);
    const semOut = colourise('semantic', sem, '#ffffff', palette);
    expect([rgbAt(semOut, 1), rgbAt(semOut, 2)]).toEqual([palette[1], palette[2]]);
    expect(describePixel('semantic', sem, 2, 0, classes)).toBe('2 (bird)');
    // A 0/255 label is a binary mask: drawn in the layer colour, not palette[255].
    expect(rgbAt(colourise('semantic', row([0, 255]), '#123456', palette), 1)).toEqual([0x12, 0x34, 0x56]);
  });
});
