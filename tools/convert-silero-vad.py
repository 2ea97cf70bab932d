#!/usr/bin/python3
"""Converts Silero VAD's 16 kHz network from TorchScript into seremotion's plain weights file.

    tools/convert-silero-vad.py [SILERO_VAD_JIT] [OUT]

Defaults: ../shared/pretrained/silero-vad/silero_vad.jit (Silero VAD v6.2, MIT) and
models/silero-vad/silero-vad-16k.weights. Run once, with Debian's python3-torch (/usr/bin/python3);
nothing loads TorchScript at run time: lib/vad/silero_vad.cc re-implements the forward pass in plain
C++ and reads this file (lib/vad/silero_weights.h describes the format).

Only the 16 kHz model (`_model`) is kept; its STFT basis is not stored, because it is exactly a
periodic-Hann-windowed DFT of 256 points (checked here, to 1e-6), which the C++ side computes with
FFTW. The tensors keep PyTorch's layout.
"""
import hashlib
import json
import math
import pathlib
import struct
import sys
import zlib

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_JIT = ROOT.parent / "shared" / "pretrained" / "silero-vad" / "silero_vad.jit"
DEFAULT_OUT = ROOT / "models" / "silero-vad" / "silero-vad-16k.weights"

MAGIC = b"SERVAD\x00\x01"
FORMAT_VERSION = 1

# (name in the file, parameter of the TorchScript module, shape)
TENSORS = [
    ("encoder.0.weight", "_model.encoder.0.reparam_conv.weight", (128, 129, 3)),
    ("encoder.0.bias", "_model.encoder.0.reparam_conv.bias", (128,)),
    ("encoder.1.weight", "_model.encoder.1.reparam_conv.weight", (64, 128, 3)),
    ("encoder.1.bias", "_model.encoder.1.reparam_conv.bias", (64,)),
    ("encoder.2.weight", "_model.encoder.2.reparam_conv.weight", (64, 64, 3)),
    ("encoder.2.bias", "_model.encoder.2.reparam_conv.bias", (64,)),
    ("encoder.3.weight", "_model.encoder.3.reparam_conv.weight", (128, 64, 3)),
    ("encoder.3.bias", "_model.encoder.3.reparam_conv.bias", (128,)),
    ("lstm.weight_ih", "_model.decoder.rnn.weight_ih", (512, 128)),
    ("lstm.weight_hh", "_model.decoder.rnn.weight_hh", (512, 128)),
    ("lstm.bias_ih", "_model.decoder.rnn.bias_ih", (512,)),
    ("lstm.bias_hh", "_model.decoder.rnn.bias_hh", (512,)),
    ("decoder.weight", "_model.decoder.decoder.2.weight", (1, 128, 1)),
    ("decoder.bias", "_model.decoder.decoder.2.bias", (1,)),
]


def check_stft_basis(module) -> None:
    """The front end must be |DFT(hann_periodic(256) * frame)|, which the C++ side computes."""
    stft = module._model.stft
    assert (stft.filter_length, stft.hop_length) == (256, 128), "unexpected STFT size"
    basis = stft.forward_basis_buffer.numpy()[:, 0, :].astype(np.float64)
    n = np.arange(256)
    k = np.arange(129)[:, None]
    window = 0.5 - 0.5 * np.cos(2 * math.pi * n / 256)
    real = np.cos(2 * math.pi * k * n / 256) * window
    imag = -np.sin(2 * math.pi * k * n / 256) * window
    err = max(np.abs(basis[:129] - real).max(), np.abs(basis[129:] - imag).max())
    assert err < 1e-6, f"the STFT basis is not a Hann-windowed DFT (max error {err})"
    assert module._model.context_size_samples == 64, "unexpected context size"


def main() -> int:
    jit = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_JIT
    out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    module = torch.jit.load(str(jit))
    check_stft_basis(module)
    params = dict(module.named_parameters())
    header = {
        "format": "seremotion-vad-weights",
        "format_version": FORMAT_VERSION,
        "model": "silero-vad",
        "model_version": "6.2",
        "sample_rate": 16000,
        "chunk_samples": 512,
        "context_samples": 64,
        "source": "https://github.com/snakers4/silero-vad, commit 806dcba3f0b5d95282d0889a074954a2f8c6397b, "
                  "src/silero_vad/data/silero_vad.jit",
        "source_sha256": hashlib.sha256(jit.read_bytes()).hexdigest(),
        "licence": "MIT (Silero Team); see LICENSE beside this file",
        "tensors": [{"name": name, "shape": list(shape)} for name, _, shape in TENSORS],
    }
    data = bytearray()
    for name, param, shape in TENSORS:
        t = params[param].detach().numpy()
        assert tuple(t.shape) == shape, f"{param}: shape {t.shape}, expected {shape}"
        assert np.isfinite(t).all(), f"{param}: non-finite values"
        data += t.astype("<f4").tobytes()
    header_bytes = json.dumps(header, indent=1).encode()
    body = MAGIC + struct.pack("<II", FORMAT_VERSION, len(header_bytes)) + header_bytes + bytes(data)
    body += struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    print(f"{out}: {len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
