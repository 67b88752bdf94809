"""SSP Studio training engine: AAVS baseline and SSP (pre-mask, text/VTA, post-mask) in PyTorch."""

PROTOCOL_VERSION = 1
