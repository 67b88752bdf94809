"""AVSBench-object (S4, MS3) folders, written here from the synthetic AVSS fixture in the official layouts."""
import csv
import math
import wave

import numpy as np
import pytest
import torch
from PIL import Image

from ssp_engine.config import DataConfig
from ssp_engine.data import layout
from ssp_engine.data.audio import mel_patches, read_wav
from ssp_engine.data.dataset import IGNORE, AVSClips


def write_wav(path, samples, rate):
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def convert(avss_root, out, fmt):
    """S4: only frame 1 of train videos keeps a mask (as in the download); masks become 0/255; audio 44.1 kHz."""
    rows = [r for r in layout.read_metadata(avss_root) if r["label"] == "v1s"]
    data = out / f"{fmt}_data"
    with open(out / f"{fmt}_meta_data.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "video_id", "category", "split"] if fmt == "s4" else ["video_id", "split"])
        for row in rows:
            w.writerow([row["uid"], row["vid"], row["a_obj"], row["split"]] if fmt == "s4" else [row["uid"], row["split"]])
            name = row["uid"]
            subset = f"{row['split']}/{row['a_obj']}" if fmt == "s4" else row["split"]
            frames = data / "visual_frames" / (subset if fmt == "s4" else "") / name
            masks = data / "gt_masks" / subset / name
            frames.mkdir(parents=True)
            masks.mkdir(parents=True)
            src = avss_root / "v1s" / name
            for t in range(5):
                stem = f"{name}_{t + 1}" if fmt == "s4" else f"{name}.mp4_{t + 1}"
                Image.open(src / "frames" / f"{t}.jpg").save(frames / f"{stem}.png")
                if fmt == "ms3" or row["split"] != "train" or t == 0:
                    gt = np.asarray(Image.open(src / "labels_semantic" / f"{t}.png")) > 0
                    Image.fromarray((gt * 255).astype(np.uint8)).save(masks / f"{name}_{t + 1}.png")
            tone = np.sin(2 * math.pi * 440 * np.arange(5 * 44100) / 44100)
            write_wav(data / "audio_wav" / subset / f"{name}.wav", 0.5 * tone, 44100)
    return rows


@pytest.mark.parametrize("fmt", ["s4", "ms3"])
def test_object_layouts(fmt, dataset_dirs, tmp_path):
    avss = layout.Path(dataset_dirs["root"])
    rows = convert(avss, tmp_path, fmt)
    ds = AVSClips(DataConfig(root=str(tmp_path), image_size=(64, 64)), "train")
    train = [r for r in rows if r["split"] == "train"]
    assert sorted(ds.clip_id(i) for i in range(len(ds))) == sorted(f"{r['uid']}@0" for r in train)
    video = ds.clips[0][0]
    row = next(r for r in train if r["uid"] == video.uid)
    assert video.subset == (f"train/{row['a_obj']}" if fmt == "s4" else "train")
    assert layout.prompt_key(video) == f"{video.subset}/{video.uid}"
    assert layout.layer_path("L", video, "mask_pre", 0) == layout.Path("L", video.subset, video.uid, "mask_pre", "0.png")
    item = ds[0]
    gt = torch.from_numpy((np.asarray(Image.open(avss / "v1s" / video.uid / "labels_semantic" / "0.png")) > 0).astype(np.int64))
    assert torch.equal(item["labels"][0], gt)  # 0/255 masks -> 0/1
    annotated = [True] * 5 if fmt == "ms3" else [True, False, False, False, False]
    assert item["labeled"].tolist() == annotated
    assert all((item["labels"][t] == IGNORE).all() for t in range(5) if not annotated[t])
    frame0 = np.asarray(Image.open(avss / "v1s" / video.uid / "frames" / "0.jpg").convert("RGB"), np.float32)
    assert torch.allclose(item["frames"][0, 0] * 58.395 + 123.675, torch.from_numpy(frame0[..., 0]), atol=1e-3)
    with pytest.raises(ValueError, match="set data.task to binary"):
        AVSClips(DataConfig(root=str(tmp_path), image_size=(64, 64), task="semantic"), "train")


def test_audio_at_other_rates_is_resampled_to_16k(tmp_path):
    """A 440 Hz tone at 44.1 kHz gives the same log-mel patches as the tone written at 16 kHz."""
    n = 2
    write_wav(tmp_path / "a.wav", 0.5 * np.sin(2 * math.pi * 440 * np.arange(n * 44100) / 44100), 44100)
    write_wav(tmp_path / "b.wav", 0.5 * np.sin(2 * math.pi * 440 * np.arange(n * 16000) / 16000), 16000)
    a, b = read_wav(tmp_path / "a.wav"), read_wav(tmp_path / "b.wav")
    assert a.shape == b.shape == (n * 16000,)
    pa, pb = mel_patches(a, n), mel_patches(b, n)
    assert pa[0, 0, 10:90].mean(0).argmax() == pb[0, 0, 10:90].mean(0).argmax() == 8
    assert (pa[0, 0, 10:90] - pb[0, 0, 10:90]).abs().mean() < 0.05
