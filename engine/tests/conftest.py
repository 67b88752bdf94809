import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402

import pytest  # noqa: E402
import torch  # noqa: E402

from ssp_engine.cli import main  # noqa: E402
from ssp_engine.config import train_config_from_dict  # noqa: E402
from ssp_engine.protocol import Emitter  # noqa: E402
from ssp_engine.train import train  # noqa: E402

from fixture_data import generate, write_layers_and_prompts  # noqa: E402

torch.set_num_threads(1)  # 2 OpenMP threads on a shared 2-core machine spin against other processes


@pytest.fixture(scope="session")
def dataset_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("avss")
    root, layers, prompts = base / "data", base / "layers", base / "answers.json"
    generate(root, videos=12, seed=3)
    write_layers_and_prompts(root, layers, prompts)
    return {"root": str(root), "layers_root": str(layers), "prompts_file": str(prompts)}


@pytest.fixture
def tiny_config(dataset_dirs, tmp_path):
    """A TrainConfig dict for the tiny random model on the fixture data."""
    def make(**overrides):
        cfg = {
            "data": {**dataset_dirs, "task": "binary", "image_size": [64, 64], "subsets": ["v1s", "v1m", "v2"]},
            "size": "tiny", "variant": "full", "epochs": 1, "batch_size": 2, "lr": 1e-3, "lr_decay_epoch": 1,
            "device": "cpu", "out_dir": str(tmp_path / "run"), "seed": 0,
        }
        for k, v in overrides.items():
            cfg[k] = {**cfg[k], **v} if isinstance(v, dict) and isinstance(cfg.get(k), dict) else v
        return cfg
    return make


def run_main(*argv):
    """`python -m ssp_engine <argv>` in this process (imports paid once); returns (exit code, protocol events)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def collect(run, *args, **kwargs):
    """Runs an engine entry point with an Emitter writing to memory; returns the parsed protocol events."""
    stream = io.StringIO()
    run(*args, Emitter(stream), **kwargs)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture
def train_events():
    """train_events(config dict) -> protocol events of an in-process training run."""
    return lambda raw: collect(train, train_config_from_dict(raw))
