"""ONNX export of the inference graph, parity check with onnxruntime, and the manifest beside the .onnx."""
import json
import subprocess
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ssp_engine.data import audio
from ssp_engine.data.dataset import PIXEL_MEAN, PIXEL_STD
from ssp_engine.data.tokenizer import HFTokenizer, WordTokenizer
from ssp_engine.evaluate import predictions

OPSET = 17


class InferenceGraph(nn.Module):
    """One clip: frames [T,3,H,W], audio_mel [T,1,96,64] (+ text_ids/text_mask [2,L], + prior_mask [T,1,H,W])
    -> mask_scores [T,K,H,W] (Mask2Former semantic score per class: sum over queries of class probability x mask
    probability, >= 0, may exceed 1; argmax = the semantic prediction), foreground [T,H,W] (sounding-object
    probability, noisy-OR over queries; > 0.5 = the binary prediction), class_logits [T,N,K+1].
    Probabilities rather than logits: a float32 logit of a value near 0 or 1 amplifies rounding (1e-2 between runtimes)."""

    def __init__(self, model, model_cfg):
        super().__init__()
        self.model = model
        self.cfg = model_cfg

    def input_names(self):
        names = ["frames", "audio_mel"]
        if self.cfg.text != "none":
            names += ["text_ids", "text_mask"]
        if self.cfg.stepping_stone:
            names.append("prior_mask")
        return names

    def forward(self, frames, audio_mel, *extra):
        kw = {"frames": frames, "mel": audio_mel}
        rest = list(extra)
        if self.cfg.text != "none":
            t = frames.shape[0]
            ids, mask = rest.pop(0), rest.pop(0)
            kw["text_ids"] = ids[None].expand(t, -1, -1)
            kw["text_mask"] = mask[None].expand(t, -1, -1)
        if self.cfg.stepping_stone:
            kw["prior"] = rest.pop(0)
        class_logits, mask_logits = self.model(**kw)[-1]
        return (*predictions(class_logits, mask_logits, frames.shape[-2:], self.cfg.num_classes), class_logits)


def example_inputs(model_cfg, image_size, frames=2, seed=0):
    g = torch.Generator().manual_seed(seed)
    h, w = image_size
    inputs = [torch.randn(frames, 3, h, w, generator=g), torch.randn(frames, 1, audio.PATCH_FRAMES, audio.MEL_BINS, generator=g) - 3]
    if model_cfg.text != "none":
        length = model_cfg.max_text_len
        inputs.append(torch.randint(1, model_cfg.vocab_size, (2, length), generator=g))
        inputs.append((torch.arange(length)[None] < torch.tensor([[length // 2], [length]])).long())
    if model_cfg.stepping_stone:
        inputs.append((torch.rand(frames, 1, h, w, generator=g) > 0.5).float())
    return inputs


def input_specs(model_cfg, image_size):
    h, w = image_size
    specs = [("frames", "float32", ["T", 3, h, w]), ("audio_mel", "float32", ["T", 1, audio.PATCH_FRAMES, audio.MEL_BINS])]
    if model_cfg.text != "none":
        specs += [("text_ids", "int64", [2, model_cfg.max_text_len]), ("text_mask", "int64", [2, model_cfg.max_text_len])]
    if model_cfg.stepping_stone:
        specs.append(("prior_mask", "float32", ["T", 1, h, w]))
    return [{"name": n, "dtype": d, "shape": s} for n, d, s in specs]


def output_specs(model_cfg, image_size):
    h, w = image_size
    k = model_cfg.num_classes
    return [{"name": "mask_scores", "dtype": "float32", "shape": ["T", k, h, w]},
            {"name": "foreground", "dtype": "float32", "shape": ["T", h, w]},
            {"name": "class_logits", "dtype": "float32", "shape": ["T", model_cfg.num_queries, k + 1]}]


def git_sha():
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10,
                             cwd=Path(__file__).resolve().parent)
        return out.stdout.strip() or None if out.returncode == 0 else None
    except OSError:
        return None


def tokenizer_manifest(state, out_dir, name):
    """What the app needs to tokenise A1/A2 exactly like the engine: the word vocabulary in id order, or a BERT
    WordPiece vocab.txt written beside the .onnx (<name>-vocab.txt) with its normalisation and special ids."""
    if state["kind"] == "word":
        return {"kind": "word", "vocab": list(WordTokenizer(state["words"]).index)}
    tok = HFTokenizer(state["folder"]).tok
    backend = tok.backend_tokenizer
    kinds = tuple(type(x).__name__ for x in (backend.normalizer, backend.pre_tokenizer, backend.model))
    if kinds != ("BertNormalizer", "BertPreTokenizer", "WordPiece") or backend.model.continuing_subword_prefix != "##":
        raise ValueError(f"{state['folder']}: in-app tokenisation supports BERT WordPiece tokenizers, not {kinds}")
    vocab = sorted(backend.get_vocab(with_added_tokens=False).items(), key=lambda kv: kv[1])
    if [i for _, i in vocab] != list(range(len(vocab))):
        raise ValueError(f"{state['folder']}: the WordPiece vocabulary ids are not 0..n-1")
    vocab_file = Path(out_dir) / f"{name}-vocab.txt"
    vocab_file.write_text("".join(f"{w}\n" for w, _ in vocab), encoding="utf-8")
    norm = backend.normalizer
    return {"kind": "wordpiece", "vocabFile": vocab_file.name, "lowercase": norm.lowercase,
            "stripAccents": norm.strip_accents, "cleanText": norm.clean_text, "chineseChars": norm.handle_chinese_chars,
            "maxCharsPerWord": backend.model.max_input_chars_per_word,
            "cls": tok.cls_token_id, "sep": tok.sep_token_id, "pad": tok.pad_token_id, "unk": tok.unk_token_id}


def export_onnx(model, model_cfg, image_size, out_path, name, created_from, opset=OPSET, tokenizer=None):
    """Writes <out>.onnx and <name>.manifest.json (+ <name>-vocab.txt for a WordPiece tokenizer); returns
    (manifest, max abs diff vs PyTorch). tokenizer: the checkpoint's tokenizer state, required with a text branch."""
    out_path = Path(out_path)
    if model_cfg.text != "none" and tokenizer is None:
        raise ValueError("a model with a text branch needs its tokenizer state (the checkpoint's 'tokenizer') to export")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    graph = InferenceGraph(model.eval(), model_cfg).eval()
    inputs = example_inputs(model_cfg, image_size)
    names = graph.input_names()
    dynamic = {n: {0: "T"} for n in names if n not in ("text_ids", "text_mask")}
    outputs = [o["name"] for o in output_specs(model_cfg, image_size)]
    dynamic.update({name: {0: "T"} for name in outputs})
    with torch.no_grad():
        torch.onnx.export(graph, tuple(inputs), str(out_path), input_names=names,
                          output_names=outputs, dynamic_axes=dynamic,
                          opset_version=opset, dynamo=False)
    diff = parity(graph, out_path, model_cfg, image_size)
    manifest = {
        "name": name,
        "task": "avs-binary" if model_cfg.num_classes == 1 else "avss-semantic",
        "numClasses": model_cfg.num_classes,
        "opset": opset,
        "inputs": input_specs(model_cfg, image_size),
        "outputs": output_specs(model_cfg, image_size),
        "preprocessing": {"size": list(image_size), "mean": list(PIXEL_MEAN), "std": list(PIXEL_STD),
                          "channelOrder": "RGB", "valueRange": 255, "layout": "NCHW"},
        "audio": {"sampleRate": audio.SAMPLE_RATE, "melBins": audio.MEL_BINS, "patchFrames": audio.PATCH_FRAMES,
                  "windowSamples": audio.WINDOW, "hopSamples": audio.HOP, "fftSize": audio.N_FFT,
                  "melRangeHz": [audio.MEL_MIN_HZ, audio.MEL_MAX_HZ], "logOffset": audio.LOG_OFFSET},
        "switches": {"preMask": model_cfg.pre_mask, "postMask": model_cfg.post_mask, "text": model_cfg.text,
                     "steppingStone": model_cfg.stepping_stone},
        **({"tokenizer": tokenizer_manifest(tokenizer, out_path.parent, name)} if model_cfg.text != "none" else {}),
        "parityMaxAbsDiff": diff,
        "createdFrom": {**created_from, "gitSha": git_sha()},
    }
    manifest_path(out_path, name).write_text(json.dumps(manifest, indent=2))
    return manifest, diff


def manifest_path(onnx_path, name):
    return Path(onnx_path).with_name(f"{name}.manifest.json")


def parity(graph, onnx_path, model_cfg, image_size, frames=3):
    """Max abs diff over the outputs on fresh random inputs with a different T than the export."""
    import onnxruntime as ort

    inputs = example_inputs(model_cfg, image_size, frames=frames, seed=1)
    with torch.no_grad():
        ref = graph(*inputs)
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    got = session.run(None, {n: x.numpy() for n, x in zip(graph.input_names(), inputs)})
    return max(float(np.abs(r.numpy() - g).max()) for r, g in zip(ref, got))
