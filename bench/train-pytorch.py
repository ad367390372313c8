"""The PyTorch column of bench:train: trains the model a JSON description names, single-threaded.

Run by bench/train-columns.ts: python3 bench/train-pytorch.py <description.json>
The description lists the TF.js model's layers (from buildModel), the optimizer's learning rate, the batch size,
the epochs to time and the paths of the training data (raw little-endian float32, NHWC images or feature rows,
labels as float32 class indices). Prints one JSON line: the median samples/s over the epochs after the first.
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(1)

ACTIVATIONS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "elu": nn.ELU,
    "selu": nn.SELU,
}


def build(layers, input_shape):
    """nn.Sequential equivalent to the Keras layers: channels-first images, softmax left to the loss."""
    shape = list(input_shape)  # Keras order: H, W, C for images, features for rows
    modules = []
    for layer in layers:
        kind = layer["type"]
        if kind == "Conv2D":
            modules.append(nn.Conv2d(shape[2], layer["filters"], layer["kernel"]))
            shape = [shape[0] - layer["kernel"] + 1, shape[1] - layer["kernel"] + 1, layer["filters"]]
        elif kind == "MaxPooling2D":
            modules.append(nn.MaxPool2d(layer["pool"]))
            shape = [shape[0] // layer["pool"], shape[1] // layer["pool"], shape[2]]
        elif kind == "Flatten":
            modules.append(nn.Flatten())
            shape = [int(np.prod(shape))]
        elif kind == "Dense":
            modules.append(nn.Linear(int(np.prod(shape)), layer["units"]))
            shape = [layer["units"]]
        elif kind == "Dropout":
            modules.append(nn.Dropout(layer["rate"]))
        elif kind == "BatchNormalization":
            modules.append(nn.BatchNorm2d(shape[2]) if len(shape) == 3 else nn.BatchNorm1d(shape[0]))
        elif kind == "LeakyReLU":
            modules.append(nn.LeakyReLU(0.01))
        else:
            raise ValueError(f"layer type {kind} has no PyTorch equivalent here")
        activation = layer.get("activation")
        if activation in ACTIVATIONS:
            modules.append(ACTIVATIONS[activation]())
    return nn.Sequential(*modules)


def main():
    with open(sys.argv[1]) as f:
        desc = json.load(f)
    input_shape = desc["inputShape"]
    x = torch.from_numpy(np.fromfile(desc["xPath"], dtype="<f4").reshape([-1, *input_shape]).copy())
    if len(input_shape) == 3:
        x = x.permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(np.fromfile(desc["yPath"], dtype="<f4").astype(np.int64))
    model = build(desc["layers"], input_shape)
    optimizer = torch.optim.Adam(model.parameters(), lr=desc["learningRate"])
    loss_fn = nn.CrossEntropyLoss()
    batch = desc["batchSize"]
    n = x.shape[0]
    seconds = []
    model.train()
    for epoch in range(desc["epochs"]):
        started = time.perf_counter()
        order = torch.randperm(n)
        xs, ys = x[order], y[order]
        for start in range(0, n, batch):
            optimizer.zero_grad()
            loss = loss_fn(model(xs[start : start + batch]), ys[start : start + batch])
            loss.backward()
            optimizer.step()
        if epoch > 0:
            seconds.append(time.perf_counter() - started)
    print(json.dumps({"samplesPerSecond": n / statistics.median(seconds), "torch": torch.__version__}))


main()
