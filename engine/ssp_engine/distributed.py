"""torchrun (DDP) support: gloo on CPU, nccl on CUDA; single process when WORLD_SIZE is unset."""
import os

import torch
import torch.distributed as dist


def setup(device: str):
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return 0, 1, torch.device(device)
    rank, local = int(os.environ["RANK"]), int(os.environ.get("LOCAL_RANK", "0"))
    if device.startswith("cuda"):
        torch.cuda.set_device(local)
        dev = torch.device("cuda", local)
    else:
        dev = torch.device(device)
    dist.init_process_group("nccl" if dev.type == "cuda" else "gloo")
    return rank, world, dev


def teardown():
    if dist.is_initialized():
        dist.destroy_process_group()


def mean_across(value: float, device) -> float:
    if not dist.is_initialized():
        return value
    t = torch.tensor([value], dtype=torch.float64, device=device)
    dist.all_reduce(t)
    return (t / dist.get_world_size()).item()


def any_across(flag: bool, device) -> bool:
    """True on every rank when any rank says so (a cancel seen by one process stops all of them together)."""
    if not dist.is_initialized():
        return flag
    t = torch.tensor([1.0 if flag else 0.0], device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item() > 0)
