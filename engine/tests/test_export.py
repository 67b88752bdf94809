import json

import numpy as np
import onnxruntime as ort
import pytest
import torch

from ssp_engine.config import MODEL_SIZES, ModelConfig
from ssp_engine.export import InferenceGraph, example_inputs, export_onnx
from ssp_engine.models.ssp import SSPModel, foreground_prob, semantic_scores

SIZE = (64, 64)


@pytest.mark.parametrize("switches", [
    dict(text="vta", pre_mask=True, post_mask=True, num_classes=1),  # SSP full, binary
    dict(text="att", stepping_stone=True, num_classes=3),  # AAVS stage 2 with the "att" text branch, semantic
], ids=["ssp-full-binary", "stage2-att-semantic"])
def test_onnx_matches_pytorch_on_random_inputs(switches, tmp_path):
    torch.manual_seed(0)
    cfg = ModelConfig(**{**MODEL_SIZES["tiny"], "vocab_size": 30, **switches})
    model = SSPModel(cfg, SIZE).eval()
    manifest, diff = export_onnx(model, cfg, SIZE, tmp_path / "m.onnx", "m", {"test": True},
                                 tokenizer={"kind": "word", "words": ["guitar", "man"]})
    assert diff <= 1e-4
    # Independent check on another clip length: ONNX Runtime vs the model's own forward, scores re-derived here.
    inputs = example_inputs(cfg, SIZE, frames=4, seed=7)
    names = [i["name"] for i in manifest["inputs"]]
    got_masks, got_fg, got_cls = ort.InferenceSession(str(tmp_path / "m.onnx")).run(None, {n: x.numpy() for n, x in zip(names, inputs)})
    kw = {"frames": inputs[0], "mel": inputs[1]}
    if cfg.text != "none":
        kw["text_ids"], kw["text_mask"] = inputs[2][None].expand(4, -1, -1), inputs[3][None].expand(4, -1, -1)
    if cfg.stepping_stone:
        kw["prior"] = inputs[-1]
    with torch.no_grad():
        cls, masks = model(**kw)[-1]
        probs = semantic_scores(cls, masks, SIZE)
        fg = foreground_prob(cls, masks, SIZE, cfg.num_classes)
    assert np.abs(got_cls - cls.numpy()).max() <= 1e-4
    assert np.abs(got_masks - probs.numpy()).max() <= 1e-4 and got_masks.min() >= 0
    assert np.abs(got_fg - fg.numpy()).max() <= 1e-4 and 0 <= got_fg.min() and got_fg.max() <= 1
    assert got_masks.shape == (4, cfg.num_classes, *SIZE)
    saved = json.loads((tmp_path / "m.manifest.json").read_text())
    assert saved["outputs"][0]["shape"] == ["T", cfg.num_classes, *SIZE] and saved["parityMaxAbsDiff"] == diff
    assert isinstance(InferenceGraph(model, cfg).input_names(), list) and names == InferenceGraph(model, cfg).input_names()


def test_text_model_export_refuses_a_missing_tokenizer(tmp_path):
    cfg = ModelConfig(**{**MODEL_SIZES["tiny"], "vocab_size": 30, "text": "att"})
    with pytest.raises(ValueError, match="tokenizer state"):
        export_onnx(SSPModel(cfg, SIZE).eval(), cfg, SIZE, tmp_path / "m.onnx", "m", {"test": True})


def test_tokenizer_manifest_word_vocab_in_id_order_and_wordpiece_vocab_file(tmp_path):
    from transformers import BertTokenizer

    from ssp_engine.data.tokenizer import WordTokenizer
    from ssp_engine.export import tokenizer_manifest

    word = tokenizer_manifest({"kind": "word", "words": ["man", "guitar", "a"]}, tmp_path, "m")
    assert word == {"kind": "word", "vocab": ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "guitar", "man"]}
    tok = WordTokenizer(["man", "guitar", "a"])
    assert [word["vocab"].index(w) for w in ("[CLS]", "a", "man")] == [tok.index[w] for w in ("[CLS]", "a", "man")]

    folder = tmp_path / "bert"
    folder.mkdir()
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "man", "##s", "play", "guitar"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n")
    BertTokenizer(vocab=str(folder / "vocab.txt")).save_pretrained(str(folder))
    wp = tokenizer_manifest({"kind": "hf", "folder": str(folder)}, tmp_path, "m")
    assert wp == {"kind": "wordpiece", "vocabFile": "m-vocab.txt", "lowercase": True, "stripAccents": None,
                  "cleanText": True, "chineseChars": True, "maxCharsPerWord": 100, "cls": 2, "sep": 3, "pad": 0, "unk": 1}
    assert (tmp_path / "m-vocab.txt").read_text().split("\n")[:-1] == vocab
