"""PyTorch reference for lib/ops' torch_test.go.

Usage: torch_ref.py DIR. DIR/cases.json lists cases; each case directory holds
its inputs and the loss weights r<k> as raw little-endian float32 files. For
each case this writes out<k> (forward outputs), grad<i> (d loss / d input i,
loss = sum_k sum(out_k * r_k)) and, for batch norm, running_mean/running_var
after the forward pass.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def load(path, shape):
    return torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(shape).copy())


def save(path, t):
    t.detach().contiguous().numpy().astype("<f4").tofile(path)


def forward(op, p, xs, d):
    if op == "conv2d":
        return [F.conv2d(xs[0], xs[1], stride=(p["sh"], p["sw"]), padding=(p["ph"], p["pw"]))]
    if op == "conv_transpose2d":
        return [F.conv_transpose2d(xs[0], xs[1], stride=(p["sh"], p["sw"]), padding=(p["ph"], p["pw"]))]
    if op == "max_pool2d":
        return [F.max_pool2d(xs[0], (p["kh"], p["kw"]), stride=(p["sh"], p["sw"]))]
    if op == "avg_pool2d":
        return [F.avg_pool2d(xs[0], (p["kh"], p["kw"]), stride=(p["sh"], p["sw"]))]
    if op == "upsample":
        return [F.interpolate(xs[0], scale_factor=p["factor"], mode="nearest")]
    if op == "relu":
        return [F.relu(xs[0])]
    if op == "leaky_relu":
        return [F.leaky_relu(xs[0], 0.2)]
    if op == "tanh":
        return [torch.tanh(xs[0])]
    if op == "sigmoid":
        return [torch.sigmoid(xs[0])]
    if op == "bias_add":
        shape = [1, -1] + [1] * (xs[0].dim() - 2)
        return [xs[0] + xs[1].reshape(shape)]
    if op == "batch_norm":
        c = xs[0].shape[1]
        rm = load(os.path.join(d, "running_mean"), [c])
        rv = load(os.path.join(d, "running_var"), [c])
        y = F.batch_norm(xs[0], rm, rv, xs[1], xs[2], training=p["training"],
                         momentum=p["momentum"], eps=p["eps"])
        save(os.path.join(d, "running_mean.out"), rm)
        save(os.path.join(d, "running_var.out"), rv)
        return [y]
    if op == "lstm_cell":
        # torch's own LSTMCell with identity input weights, so its gate
        # pre-activations are exactly the given gates.
        gates, c0 = xs
        hid = c0.shape[1]
        cell = torch.nn.LSTMCell(4 * hid, hid)
        with torch.no_grad():
            cell.weight_ih.copy_(torch.eye(4 * hid))
            cell.weight_hh.zero_()
            cell.bias_ih.zero_()
            cell.bias_hh.zero_()
        h0 = torch.zeros_like(c0)
        h, c = cell(gates, (h0, c0))
        return [h, c]
    raise ValueError("unknown op " + op)


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "cases.json")) as f:
        cases = json.load(f)
    for case in cases:
        d = os.path.join(root, case["name"])
        xs = [load(os.path.join(d, "in%d" % i), s).requires_grad_(True)
              for i, s in enumerate(case["shapes"])]
        outs = forward(case["op"], case["params"], xs, d)
        loss = 0
        for k, o in enumerate(outs):
            save(os.path.join(d, "out%d" % k), o)
            loss = loss + (o * load(os.path.join(d, "r%d" % k), list(o.shape))).sum()
        loss.backward()
        for i, x in enumerate(xs):
            save(os.path.join(d, "grad%d" % i), x.grad)


if __name__ == "__main__":
    main()
