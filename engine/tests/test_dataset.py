import json
import math
import shutil

import numpy as np
import pytest
import torch
from PIL import Image

from ssp_engine.config import DataConfig
from ssp_engine.data import layout
from ssp_engine.data.dataset import IGNORE, AVSClips, load_layer
from ssp_engine.data.tokenizer import WordTokenizer


def data_cfg(dirs, **kw):
    return DataConfig(**{**dirs, "image_size": (64, 64), **kw})


def test_clips_cover_each_video_in_steps_of_clip_frames(dataset_dirs):
    rows = layout.read_metadata(layout.Path(dataset_dirs["root"]))
    ds = AVSClips(data_cfg(dataset_dirs, subsets=("v1s", "v1m", "v2")), "train")
    want = []
    for row in rows:
        if row["split"] == "train":
            n = len(list((layout.Path(dataset_dirs["root"]) / row["label"] / row["uid"] / "frames").glob("*.jpg")))
            want += [f"{row['uid']}@{s}" for s in range(0, n - 4, 5)]
    assert [ds.clip_id(i) for i in range(len(ds))] == want
    item = ds[0]
    assert item["frames"].shape == (5, 3, 64, 64) and item["mel"].shape == (5, 1, 96, 64)
    assert item["labeled"].tolist() == [ds.clips[0][0].labels[t].is_file() for t in range(5)]
    assert set(item["labels"][item["labeled"]].unique().tolist()) <= {0, 1}


def test_second_clip_of_a_ten_second_video_takes_frames_and_audio_from_second_five(dataset_dirs):
    ds = AVSClips(data_cfg(dataset_dirs, subsets=("v2",)), "train")
    starts = {ds.clip_id(i).split("@")[1] for i in range(len(ds))}
    assert "5" in starts
    i = [ds.clip_id(k).endswith("@5") for k in range(len(ds))].index(True)
    video = ds.clips[i][0]
    full = AVSClips(data_cfg(dataset_dirs, subsets=("v2",), clip_frames=10), "train")
    j = [full.clips[k][0].uid for k in range(len(full))].index(video.uid)
    assert torch.equal(ds[i]["mel"], full[j]["mel"][5:]) and torch.equal(ds[i]["frames"], full[j]["frames"][5:])


def test_layers_decode_to_eq2_levels_and_prompts_tokenise(dataset_dirs, tmp_path):
    Image.fromarray(np.array([[0, 128], [255, 0]], np.uint8)).save(tmp_path / "pre.png")
    assert load_layer(tmp_path / "pre.png", (2, 2)).tolist() == [[0.0, 0.5], [1.0, 0.0]]
    prompts = layout.read_prompts(dataset_dirs["prompts_file"])
    tok = WordTokenizer.from_texts([a for v in prompts.values() for a in v.values()])
    ds = AVSClips(data_cfg(dataset_dirs), "train", tokenizer=tok, max_text_len=12, need_layers=True)
    item = ds[0]
    assert set(item["m_pre"].unique().tolist()) <= {0.0, 0.5, 1.0} and set(item["m_post"].unique().tolist()) <= {0.0, 1.0}
    # M_Post = M_O AND M_GT lies inside the object; M_Pre is 1 exactly there.
    assert torch.equal(item["m_pre"] == 1, item["m_post"] == 1)
    assert (item["labels"][item["m_post"] == 1] == 1).all()
    video = ds.clips[0][0]
    ids, mask = tok.encode(prompts[layout.prompt_key(video)]["a2"], 12)
    assert torch.equal(item["text_ids"][1], ids) and torch.equal(item["text_mask"][1], mask)


def test_unannotated_frames_are_ignored_and_not_gated(dataset_dirs, tmp_path):
    root, layers = tmp_path / "data", tmp_path / "layers"
    shutil.copytree(dataset_dirs["root"], root)
    shutil.copytree(dataset_dirs["layers_root"], layers)
    ds = AVSClips(data_cfg({**dataset_dirs, "root": str(root), "layers_root": str(layers)}), "train", need_layers=True)
    video = ds.clips[0][0]
    for t in range(1, 5):  # AVSS v1s train: only frame 0 is annotated; the app exports layers only there
        video.labels[t].unlink()
        for layer in ("mask_pre", "mask_post"):
            layout.layer_path(layers, video, layer, t).unlink()
    item = ds[0]
    assert item["labeled"].tolist() == [True, False, False, False, False]
    assert (item["labels"][1:] == IGNORE).all() and (item["m_pre"][1:] == 1).all() and (item["m_post"][1:] == 0).all()


def test_audio_controls_reach_the_patches(dataset_dirs):
    clean = AVSClips(data_cfg(dataset_dirs), "val")[0]["mel"]
    muted = AVSClips(data_cfg(dataset_dirs), "val", audio_mode="muted")[0]["mel"]
    noisy = AVSClips(data_cfg(dataset_dirs), "val", audio_mode="noise10")[0]["mel"]
    assert torch.allclose(muted, torch.full_like(muted, math.log(0.01)))
    assert not torch.allclose(noisy, clean) and (noisy - clean).abs().mean() < (muted - clean).abs().mean()


def test_bad_inputs_name_the_file_and_the_fix(dataset_dirs, tmp_path):
    bad = tmp_path / "answers.json"
    bad.write_text(json.dumps({"uid_without_subset": {"a1": "x", "a2": "y"}}))
    with pytest.raises(ValueError, match="<subset>/<uid>"):
        layout.read_prompts(bad)
    with pytest.raises(FileNotFoundError, match="no metadata.csv"):
        AVSClips(data_cfg(dataset_dirs, root=str(tmp_path)), "train")
    with pytest.raises(ValueError, match="layers_root"):
        AVSClips(data_cfg(dataset_dirs, layers_root=None), "train", need_layers=True)
    bad.write_text(json.dumps({}))
    tok = WordTokenizer(["a"])
    with pytest.raises(KeyError, match="no prompt answers"):
        AVSClips(data_cfg(dataset_dirs, prompts_file=str(bad)), "train", tokenizer=tok)[0]
