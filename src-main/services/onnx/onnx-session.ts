import * as ort from 'onnxruntime-node';

export type Provider = 'cuda' | 'cpu';

/** Opens a model with the CUDA provider when this onnxruntime build bundles it and it loads; CPU otherwise. */
export async function openModelSession(file: string): Promise<{ session: ort.InferenceSession; provider: Provider }> {
  const withCuda = ort.listSupportedBackends().some((b) => b.name === 'cuda' && b.bundled);
  if (withCuda) {
    try {
      return { session: await ort.InferenceSession.create(file, { executionProviders: ['cuda', 'cpu'] }), provider: 'cuda' };
    } catch {
      // provider libraries missing or no usable GPU: the CPU below
    }
  }
  return { session: await ort.InferenceSession.create(file, { executionProviders: ['cpu'] }), provider: 'cpu' };
}
