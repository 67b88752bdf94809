import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';

// Tiny ONNX "flow" networks built by the tests themselves (no downloads): flow = (next - prev) on the first two
// channels, i.e. u = R_next - R_prev and v = G_next - G_prev after normalisation, so every output is checkable.
const { onnx } = onnxProto;
const FLOAT = 1;
const INT64 = 7;

type Dim = number | string;
const tensorInfo = (name: string, dims: Dim[]) => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});
const int64 = (name: string, values: number[]) => ({
  name,
  dataType: INT64,
  dims: [values.length],
  rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
});
const slice = (input: string, output: string, from: number, to: number) => ({
  opType: 'Slice',
  input: [input, `${output}_s`, `${output}_e`, 'axis1'],
  output: [output],
  inits: [int64(`${output}_s`, [from]), int64(`${output}_e`, [to])],
});

export interface TestFlowModelOptions {
  layout: 'pair' | 'stacked';
  /** Fixed [H, W] or symbolic dimensions. */
  size?: [number, number];
  /** Output channels (2 is right; 3 makes a deliberately malformed model). */
  outChannels?: number;
}

export function buildTestFlowModel({ layout, size, outChannels = 2 }: TestFlowModelOptions): Uint8Array {
  const [h, w]: Dim[] = size ?? ['H', 'W'];
  const nodes =
    layout === 'pair'
      ? [{ opType: 'Sub', input: ['next', 'prev'], output: ['diff'] }, slice('diff', 'flow', 0, outChannels)]
      : [slice('frames', 'a', 0, outChannels), slice('frames', 'b', 3, 3 + outChannels), { opType: 'Sub', input: ['b', 'a'], output: ['flow'] }];
  const graph = {
    name: 'test-flow',
    node: nodes.map(({ opType, input, output }) => ({ opType, input, output })),
    initializer: [int64('axis1', [1]), ...nodes.flatMap((n) => ('inits' in n ? n.inits : []))],
    input: layout === 'pair' ? [tensorInfo('prev', [1, 3, h, w]), tensorInfo('next', [1, 3, h, w])] : [tensorInfo('frames', [1, 6, h, w])],
    output: [tensorInfo('flow', [1, outChannels, h, w])],
  };
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 'ssp-studio-tests', graph }).finish();
}

/** Writes `<dir>/<name>.onnx` and its manifest, returning the manifest object written. */
export function writeTestFlowModel(dir: string, name: string, options: TestFlowModelOptions, manifestPatch: Record<string, unknown> = {}) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.onnx`), buildTestFlowModel(options));
  const manifest = {
    kind: 'optical-flow',
    name,
    file: `${name}.onnx`,
    inputs: options.layout === 'pair' ? { layout: 'pair', names: ['prev', 'next'] } : { layout: 'stacked', name: 'frames' },
    output: { name: 'flow' },
    size: options.size ? { mode: 'fixed', width: options.size[1], height: options.size[0] } : { mode: 'padded', multipleOf: 8 },
    normalise: { scale: 1 },
    ...manifestPatch,
  };
  fs.writeFileSync(path.join(dir, `${name}.flow.json`), JSON.stringify(manifest, null, 2));
  return manifest;
}
