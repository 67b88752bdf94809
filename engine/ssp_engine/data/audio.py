"""Audio I/O and VGGish-style log-mel patches, computed in torch.

VGGish front end: 16 kHz mono, 25 ms Hann windows (periodic) every 10 ms, 512-point FFT magnitude,
64 HTK-mel bins over 125..7500 Hz, log(mel + 0.01), non-overlapping patches of 96 frames (0.96 s).
Patch t covers second t of the clip, so it lines up with frame t (1 frame per second).
"""
import math
import wave
from pathlib import Path

import numpy as np
import torch
from scipy.signal import resample_poly

SAMPLE_RATE = 16000
WINDOW = 400
HOP = 160
N_FFT = 512
MEL_BINS = 64
PATCH_FRAMES = 96
MEL_MIN_HZ = 125.0
MEL_MAX_HZ = 7500.0
LOG_OFFSET = 0.01


def read_wav(path) -> torch.Tensor:
    """PCM16 wav -> float32 mono in [-1, 1] at 16 kHz (other rates are resampled with a polyphase filter)."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path}: missing audio; extract it as 16 kHz mono PCM16 (ffmpeg -ac 1 -ar 16000 -c:a pcm_s16le)")
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit PCM, got {8 * w.getsampwidth()}-bit; re-export with pcm_s16le")
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        channels, rate = w.getnchannels(), w.getframerate()
    if channels > 1:
        raw = raw.reshape(-1, channels).mean(axis=1)
    if rate != SAMPLE_RATE:
        g = math.gcd(rate, SAMPLE_RATE)
        raw = resample_poly(raw, SAMPLE_RATE // g, rate // g).astype(np.float32)
    return torch.from_numpy(np.ascontiguousarray(raw))


def _hz_to_mel(hz):
    return 1127.0 * math.log(1.0 + hz / 700.0) if isinstance(hz, float) else 1127.0 * torch.log1p(hz / 700.0)


def mel_matrix(n_fft=N_FFT, bins=MEL_BINS, sr=SAMPLE_RATE, lo=MEL_MIN_HZ, hi=MEL_MAX_HZ) -> torch.Tensor:
    """[n_fft//2+1, bins] triangular HTK-mel weights (VGGish's mel_features convention: DC row zero)."""
    freqs = torch.linspace(0.0, sr / 2.0, n_fft // 2 + 1, dtype=torch.float64)
    mel = _hz_to_mel(freqs)
    edges = torch.linspace(_hz_to_mel(lo), _hz_to_mel(hi), bins + 2, dtype=torch.float64)
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    up = (mel[:, None] - lower) / (center - lower)
    down = (upper - mel[:, None]) / (upper - center)
    weights = torch.clamp(torch.minimum(up, down), min=0.0)
    weights[0, :] = 0.0
    return weights.float()


def log_mel(wave_: torch.Tensor) -> torch.Tensor:
    """[samples] -> [frames, 64] log-mel spectrogram."""
    if wave_.numel() < WINDOW:
        wave_ = torch.nn.functional.pad(wave_, (0, WINDOW - wave_.numel()))
    frames = wave_.unfold(0, WINDOW, HOP)
    window = torch.hann_window(WINDOW, periodic=True, dtype=wave_.dtype)
    spectrum = torch.fft.rfft(frames * window, n=N_FFT).abs()
    return torch.log(spectrum @ mel_matrix() + LOG_OFFSET)


def mel_patches(wave_: torch.Tensor, seconds: int) -> torch.Tensor:
    """[samples] -> [seconds, 1, 96, 64]; audio shorter than `seconds` is zero-padded first."""
    need = seconds * SAMPLE_RATE + WINDOW
    if wave_.numel() < need:
        wave_ = torch.nn.functional.pad(wave_, (0, need - wave_.numel()))
    spec = log_mel(wave_)[: seconds * PATCH_FRAMES]
    return spec.reshape(seconds, 1, PATCH_FRAMES, MEL_BINS)


def audio_control(wave_: torch.Tensor, mode: str | None, seed: int = 0) -> torch.Tensor:
    """TeSO audit: 'muted' zeroes the audio; 'noiseXX' adds white Gaussian noise at XX dB SNR."""
    if mode in (None, "none"):
        return wave_
    if mode == "muted":
        return torch.zeros_like(wave_)
    if mode.startswith("noise"):
        snr_db = float(mode[len("noise"):])
        power = wave_.pow(2).mean().clamp_min(1e-12)
        noise_power = power / (10.0 ** (snr_db / 10.0))
        gen = torch.Generator().manual_seed(seed)
        return wave_ + torch.randn(wave_.shape, generator=gen) * noise_power.sqrt()
    raise ValueError(f"unknown audio control {mode!r}; use muted, noise10 or noise40")
