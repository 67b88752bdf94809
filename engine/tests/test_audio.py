import math

import numpy as np
import torch

from ssp_engine.data import audio


def reference_log_mel(x):
    """Straightforward numpy VGGish front end, written independently of the torch version."""
    n = 1 + (len(x) - 400) // 160
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 400)
    frames = np.stack([x[i * 160:i * 160 + 400] * window for i in range(n)])
    spec = np.abs(np.fft.rfft(frames, n=512))
    hz2mel = lambda f: 1127.0 * np.log(1 + f / 700.0)  # noqa: E731
    edges = np.linspace(hz2mel(125.0), hz2mel(7500.0), 66)
    mel_f = hz2mel(np.linspace(0, 8000, 257))
    fb = np.zeros((257, 64))
    for b in range(64):
        lo, c, hi = edges[b], edges[b + 1], edges[b + 2]
        for k in range(1, 257):
            m = mel_f[k]
            fb[k, b] = max(0.0, min((m - lo) / (c - lo), (hi - m) / (hi - c)))
    return np.log(spec @ fb + 0.01)


def test_log_mel_matches_independent_numpy_front_end():
    rng = np.random.default_rng(0)
    x = (0.3 * np.sin(2 * np.pi * 700 * np.arange(16000) / 16000) + 0.05 * rng.standard_normal(16000)).astype(np.float32)
    ours = audio.log_mel(torch.from_numpy(x)).numpy()
    ref = reference_log_mel(x.astype(np.float64))
    assert ours.shape == ref.shape == (98, 64)
    assert np.abs(ours - ref).max() < 1e-3


def test_patches_align_with_seconds_and_tone_lands_in_its_mel_bin():
    t = torch.arange(3 * 16000) / 16000
    wave_ = torch.where(t < 1, torch.sin(2 * math.pi * 440 * t), torch.sin(2 * math.pi * 3000 * t))
    patches = audio.mel_patches(wave_, 3)
    assert patches.shape == (3, 1, 96, 64)
    # A 440 Hz tone sits at mel 549, bin centre spacing (2835 - 185) / 65 ~ 40.8 mel above 185 -> bin 8.
    assert patches[0, 0, 10:90].mean(0).argmax().item() == 8
    assert patches[1, 0, 10:90].mean(0).argmax().item() > 40
    # Short audio is zero padded, so later patches are the log offset floor.
    assert torch.allclose(audio.mel_patches(wave_[:16000], 2)[1, 0, 10:], torch.full((86, 64), math.log(0.01)))


def test_audio_controls():
    wave_ = torch.sin(torch.arange(32000) / 7.0)
    assert torch.count_nonzero(audio.audio_control(wave_, "muted")) == 0
    for snr in (10, 40):
        noisy = audio.audio_control(wave_, f"noise{snr}", seed=1)
        measured = 10 * math.log10(wave_.pow(2).mean() / (noisy - wave_).pow(2).mean())
        assert abs(measured - snr) < 0.2
    assert torch.equal(audio.audio_control(wave_, "noise10", seed=1), audio.audio_control(wave_, "noise10", seed=1))
