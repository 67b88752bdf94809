"""Prediction PNGs in the layout the app's metrics import (docs/metrics.md, "Prediction folders"):
<out>/<subset>/<uid>/<t>.png at the frame's original size; binary: 8-bit probability (v/255); semantic: class index."""
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def write_clip(out, video, start, scores, fg, num_classes):
    """scores [T, K, h, w], fg [T, h, w] of the clip starting at frame `start` of `video`."""
    folder = Path(out) / video.subset / video.uid
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(fg.shape[0]):
        t = start + i
        with Image.open(video.frames[t]) as frame:
            size = (frame.height, frame.width)
        if num_classes == 1:
            prob = F.interpolate(fg[i][None, None], size=size, mode="bilinear", align_corners=False)[0, 0]
            png = (prob.clamp(0, 1) * 255).round().to(torch.uint8)
        else:
            png = F.interpolate(scores[i][None], size=size, mode="bilinear", align_corners=False)[0].argmax(0).to(torch.uint8)
        Image.fromarray(np.asarray(png)).save(folder / f"{t}.png")
