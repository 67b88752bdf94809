"""Atomic checkpoints: write a temp file in the same folder, fsync, os.replace, fsync the folder."""
import os
import tempfile
from pathlib import Path

import torch


def save_atomic(obj, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return path


def load(path):
    # Checkpoints hold RNG states and plain config dicts besides tensors.
    return torch.load(str(path), map_location="cpu", weights_only=False)
