"""Trains a PyTorch MLP (or a small CNN) on MNIST digits as Tuneboard trials.

Two ways to run it:
  under the agent, one trial per process (params from TUNEBOARD_PARAMS):
      npx tuneboard agent --server URL --study NAME -- python3 pytorch_mnist.py --data DIR
  a whole study from here (asks until the study is done):
      python3 pytorch_mnist.py --server URL --data DIR [--spec SPEC.json | --study NAME]

Data: four .npy files, --train-x --train-y --test-x --test-y (or MNIST_TRAIN_X, MNIST_TRAIN_Y, MNIST_TEST_X,
MNIST_TEST_Y), or --data DIR (or MNIST_DIR) holding train_x.npy, train_y.npy, test_x.npy, test_y.npy.
x: N x 28 x 28, float32 in [0, 1] or uint8 in [0, 255]; y: N integer labels 0-9.

Params read from the trial: hidden_size, dropout, learning_rate, epochs; optional batch_size and model
("mlp" or "cnn", else --model). Each epoch reports loss, val_loss and val_accuracy; a trial told to prune or stop
ends there; every trial finishes with its test accuracy and loss.
"""
import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

try:
    import tuneboard
except ImportError:  # run from a checkout without installing the client
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import tuneboard

DEFAULT_SPEC = {
    "name": "pytorch-mnist-asha",
    "description": "PyTorch MLP on MNIST digits: random search with ASHA over hidden size, dropout and learning rate.",
    "model": {"family": "external"},
    "space": {
        "hidden_size": {"type": "choice", "values": [32, 64, 128, 256]},
        "dropout": {"type": "float", "min": 0.0, "max": 0.5},
        "learning_rate": {"type": "float", "min": 0.0001, "max": 0.01, "log": True},
    },
    "fixed": {"epochs": 6, "batch_size": 64},
    "strategy": {"type": "random", "trials": 8},
    "pruner": {"type": "asha", "min_epochs": 1, "reduction_factor": 3},
    "objective": {"metric": "val_loss", "direction": "minimize"},
}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=os.environ.get("TUNEBOARD_URL"), help="Tuneboard's address (TUNEBOARD_URL)")
    parser.add_argument("--token", default=None, help="API token (default: TUNEBOARD_TOKEN)")
    parser.add_argument("--spec", help="the study's spec as a JSON file (default: a random search with ASHA)")
    parser.add_argument("--study", help="the name of an existing study to work on")
    parser.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="folder of train_x.npy, train_y.npy, test_x.npy, test_y.npy")
    for name in ("train-x", "train-y", "test-x", "test-y"):
        parser.add_argument(f"--{name}", default=os.environ.get("MNIST_" + name.upper().replace("-", "_")))
    parser.add_argument("--validation", type=float, default=0.1, help="share of the training set held out for validation")
    parser.add_argument("--model", choices=("mlp", "cnn"), default="mlp", help="when the params do not name one")
    return parser.parse_args(argv)


def load_digits(args):
    """(train, validation, test) as (x: N x 1 x 28 x 28 float32 in [0, 1], y: N int64) tensor pairs."""
    paths = {}
    for split in ("train", "test"):
        for part in ("x", "y"):
            given = getattr(args, f"{split}_{part}") or (args.data and os.path.join(args.data, f"{split}_{part}.npy"))
            if not given:
                sys.exit(f"no {split} {part}: pass --data DIR or --{split}-{part} FILE.npy")
            paths[split, part] = given

    def load(split):
        x = np.load(paths[split, "x"])
        x = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else x.astype(np.float32)
        y = np.load(paths[split, "y"]).astype(np.int64)
        return torch.from_numpy(x.reshape(-1, 1, 28, 28)), torch.from_numpy(y.reshape(-1))

    (x, y), test = load("train"), load("test")
    held_out = max(1, int(len(x) * args.validation))
    return (x[:-held_out], y[:-held_out]), (x[-held_out:], y[-held_out:]), test


def build_model(kind, hidden_size, dropout):
    if kind == "cnn":
        features = nn.Sequential(
            nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),   # 28 -> 26 -> 13
            nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),  # 13 -> 11 -> 5
            nn.Flatten(), nn.Linear(32 * 5 * 5, hidden_size),
        )
    else:
        features = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, hidden_size))
    return nn.Sequential(features, nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden_size, 10))


def train_epoch(model, optimizer, data, batch_size, generator, device):
    model.train()
    x, y = data
    order = torch.randperm(len(x), generator=generator)
    total = 0.0
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x[batch].to(device)), y[batch].to(device))
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    return total / len(x)


@torch.no_grad()
def evaluate(model, data, device, batch_size=1024):
    """(mean loss, accuracy) on `data`."""
    model.eval()
    x, y = data
    loss, correct = 0.0, 0
    for start in range(0, len(x), batch_size):
        logits = model(x[start:start + batch_size].to(device))
        labels = y[start:start + batch_size].to(device)
        loss += nn.functional.cross_entropy(logits, labels, reduction="sum").item()
        correct += (logits.argmax(dim=1) == labels).sum().item()
    return loss / len(x), correct / len(x)


def run_trial(trial, digits, args, device):
    params = trial.params
    train, validation, test = digits
    seed = (trial.seed or 0) % 2**63
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    with trial:  # an exception fails the trial with its text, then goes on up
        model = build_model(params.get("model", args.model), int(params["hidden_size"]), float(params["dropout"])).to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=float(params["learning_rate"]))
        epochs = int(params["epochs"])
        for epoch in range(1, epochs + 1):
            started = time.monotonic()
            loss = train_epoch(model, optimizer, train, int(params.get("batch_size", 64)), generator, device)
            val_loss, val_accuracy = evaluate(model, validation, device)
            action = trial.report(epoch, loss=loss, val_loss=val_loss, val_accuracy=val_accuracy)
            print(f"trial {trial.number} epoch {epoch}/{epochs}: loss {loss:.4f} val_loss {val_loss:.4f} "
                  f"val_accuracy {val_accuracy:.4f} ({time.monotonic() - started:.1f} s) -> {action}", flush=True)
            if trial.should_stop:
                print(f"trial {trial.number} stops: {trial.action} ({trial.reason})", flush=True)
                break
        test_loss, test_accuracy = evaluate(model, test, device)
        trial.finish(test_scores={"accuracy": test_accuracy, "loss": test_loss})
        print(f"trial {trial.number} test_accuracy {test_accuracy:.4f}", flush=True)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(1)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    digits = load_digits(args)
    if os.environ.get("TUNEBOARD_TRIAL_ID"):
        trials = [tuneboard.Trial.from_env()]
    elif not args.server:
        sys.exit("no server: pass --server URL or set TUNEBOARD_URL")
    elif args.study and not args.spec:
        trials = tuneboard.Study.load(args.server, args.study, token=args.token).trials()
    else:
        trials = tuneboard.Study(args.server, spec=args.spec or DEFAULT_SPEC, token=args.token).trials()
    for trial in trials:
        print(f"trial {trial.number} (id {trial.id}) on {device}: {trial.params}", flush=True)
        run_trial(trial, digits, args, device)


if __name__ == "__main__":
    main()
