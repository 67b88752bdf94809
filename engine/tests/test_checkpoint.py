import pytest
import torch

from ssp_engine import checkpoint


class Unpicklable:
    def __reduce__(self):
        raise RuntimeError("disk full halfway")


def test_a_failed_save_leaves_the_previous_checkpoint_and_no_temp_files(tmp_path):
    path = tmp_path / "run" / "last.pt"
    checkpoint.save_atomic({"step": 1, "w": torch.ones(3)}, path)
    with pytest.raises(RuntimeError, match="disk full"):
        checkpoint.save_atomic({"step": 2, "w": torch.zeros(1000), "bad": Unpicklable()}, path)
    state = checkpoint.load(path)
    assert state["step"] == 1 and torch.equal(state["w"], torch.ones(3))
    assert [p.name for p in path.parent.iterdir()] == ["last.pt"]
    checkpoint.save_atomic({"step": 3}, path)
    assert checkpoint.load(path)["step"] == 3 and [p.name for p in path.parent.iterdir()] == ["last.pt"]
