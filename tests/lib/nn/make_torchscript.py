#!/usr/bin/python3
"""Scripts a small sequence network with PyTorch and saves it as seremotion loads TorchScript.

    make_torchscript.py METADATA_JSON OUT_DIR

Reads the model metadata (ModelInfo JSON, written by the C++ test) and writes into OUT_DIR:
  model.pt       torch.jit.save(torch.jit.script(net), _extra_files={'seremotion.json': metadata})
  input.npy      float32 (3, F, T) features, T = 50
  expected.npy   float32 (3, n_labels): softmax(net((input - mean) / std)), per-band statistics
The network takes normalised (B, F, T) features and returns logits, as the zoo's do.
"""
import json
import pathlib
import sys

import numpy as np
import torch


class SmallNet(torch.nn.Module):
    def __init__(self, bands: int, n_classes: int):
        super().__init__()
        self.conv = torch.nn.Conv1d(bands, 16, 3, padding=1)
        self.bn = torch.nn.BatchNorm1d(16)
        self.head = torch.nn.Linear(32, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.bn(self.conv(x)))
        return self.head(torch.cat([h.mean(-1), h.amax(-1)], 1))


def main() -> None:
    metadata_path, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    metadata_text = metadata_path.read_text()
    metadata = json.loads(metadata_text)
    bands = len(metadata["normalization"]["mean"])
    torch.manual_seed(1234)
    net = SmallNet(bands, len(metadata["labels"]))
    with torch.no_grad():
        net.bn.running_mean.uniform_(-0.5, 0.5)
        net.bn.running_var.uniform_(0.5, 2.0)
    net.eval()
    scripted = torch.jit.script(net)
    torch.jit.save(scripted, str(out_dir / "model.pt"), _extra_files={"seremotion.json": metadata_text})

    x = torch.rand(3, bands, 50) * 6 - 3
    mean = torch.tensor(metadata["normalization"]["mean"], dtype=torch.float32)[:, None]
    std = torch.tensor(metadata["normalization"]["std"], dtype=torch.float32)[:, None]
    with torch.no_grad():
        probabilities = torch.softmax(scripted((x - mean) / std), 1)
    np.save(out_dir / "input.npy", x.numpy().astype(np.float32))
    np.save(out_dir / "expected.npy", probabilities.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
