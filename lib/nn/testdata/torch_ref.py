"""Reference forward/backward values from PyTorch for lib/nn's tests.

Reads a JSON request on stdin: {"cases": [{"name", "kind", "args",
"inputs": {name: {"shape", "data"}}, "params": {...}, "upstream": {...}}]}.
For each case it builds the PyTorch equivalent of the Gopherlab layer or
loss in float64, computes out = f(inputs, params), backpropagates
sum(out * upstream) (or the scalar loss itself), and writes
{name: {"out": {...}, "grads": {name: {...}}}} as JSON on stdout.
Optimizer cases ("optim:*") apply a sequence of gradients to a parameter
and return the parameter after each step.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def tensor(spec, grad=False):
    t = torch.tensor(spec["data"], dtype=torch.float64).reshape(spec["shape"])
    return t.requires_grad_(grad)


def enc(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


STATS = {}  # extra per-case outputs (BatchNorm's running statistics)


def layer(kind, a, x, p):
    if kind == "dense":  # Gopherlab stores W as [in, out]
        y = x @ p["weight"]
        return y + p["bias"] if "bias" in p else y
    if kind == "relu":
        return F.relu(x)
    if kind == "leakyrelu":
        return F.leaky_relu(x, a["alpha"])
    if kind == "tanh":
        return torch.tanh(x)
    if kind == "sigmoid":
        return torch.sigmoid(x)
    if kind == "softmax":
        return F.softmax(x, dim=-1)
    if kind == "conv2d":
        return F.conv2d(x, p["weight"], p.get("bias"), stride=a["stride"], padding=a["padding"])
    if kind == "convtranspose2d":
        return F.conv_transpose2d(x, p["weight"], p.get("bias"), stride=a["stride"], padding=a["padding"])
    if kind == "maxpool2d":
        return F.max_pool2d(x, a["kernel"], a["stride"])
    if kind == "avgpool2d":
        return F.avg_pool2d(x, a["kernel"], a["stride"])
    if kind == "upsample":
        return F.interpolate(x, scale_factor=a["factor"], mode="nearest")
    if kind == "batchnorm":  # running statistics start at 0 and 1 and are returned
        rm, rv = torch.zeros(x.shape[1]), torch.ones(x.shape[1])
        y = F.batch_norm(x, rm, rv, p["weight"], p["bias"], training=a["training"], momentum=0.1, eps=1e-5)
        STATS["running_mean"], STATS["running_var"] = enc(rm), enc(rv)
        return y
    if kind == "embedding":
        return F.embedding(x.long(), p["weight"])
    if kind == "lstm":
        return lstm(a, x, p)
    raise ValueError("unknown layer kind " + kind)


def lstm(a, x, p):
    """torch.nn.LSTM with Gopherlab's weights: W_ih as [in, 4H], W_hh as
    [H, 4H] and one bias (PyTorch's b_ih, with b_hh zero). run() copies the
    module's parameter gradients back to the Gopherlab-shaped leaves."""
    n, hidden = a["layers"], a["hidden"]
    m = torch.nn.LSTM(x.shape[-1], hidden, num_layers=n, batch_first=True)
    with torch.no_grad():
        for l in range(n):
            getattr(m, f"weight_ih_l{l}").copy_(p[f"weight_ih_l{l}"].T)
            getattr(m, f"weight_hh_l{l}").copy_(p[f"weight_hh_l{l}"].T)
            getattr(m, f"bias_ih_l{l}").copy_(p[f"bias_l{l}"])
            getattr(m, f"bias_hh_l{l}").zero_()
    out, _ = m(x)
    LSTM_MODULES.append((m, p, n))
    return out if a["sequences"] else out[:, -1]


LSTM_MODULES = []


def loss(kind, a, pred, target):
    if kind == "mse":
        return F.mse_loss(pred, target)
    if kind == "mse_sum":
        return F.mse_loss(pred, target, reduction="sum")
    if kind == "bce":
        return F.binary_cross_entropy(pred, target)
    if kind == "bce_logits":
        return F.binary_cross_entropy_with_logits(pred, target)
    if kind == "wbce_logits":  # pos_weight scales the positive term; neg scales both
        pw = torch.tensor(a["pos"] / a["neg"])
        return a["neg"] * F.binary_cross_entropy_with_logits(pred, target, pos_weight=pw)
    if kind == "wbce":
        return -(a["pos"] * target * torch.log(pred) + a["neg"] * (1 - target) * torch.log(1 - pred)).mean()
    if kind == "softmax_ce":
        v = pred.shape[-1]
        return F.cross_entropy(pred.reshape(-1, v), target.reshape(-1).long(), ignore_index=a.get("ignore", -100))
    raise ValueError("unknown loss kind " + kind)


def optimizer(kind, a, param):
    if kind == "sgd":
        return torch.optim.SGD([param], lr=a["lr"], momentum=a.get("momentum", 0),
                               nesterov=a.get("nesterov", False), weight_decay=a.get("weight_decay", 0))
    if kind == "adam":
        return torch.optim.Adam([param], lr=a["lr"], betas=(a["beta1"], a["beta2"]), eps=a["eps"],
                                weight_decay=a.get("weight_decay", 0))
    if kind == "adamw":
        return torch.optim.AdamW([param], lr=a["lr"], betas=(a["beta1"], a["beta2"]), eps=a["eps"],
                                 weight_decay=a["weight_decay"])
    if kind == "rmsprop":
        return torch.optim.RMSprop([param], lr=a["lr"], alpha=a["alpha"], eps=a["eps"],
                                   momentum=a.get("momentum", 0), weight_decay=a.get("weight_decay", 0))
    raise ValueError("unknown optimizer kind " + kind)


def run(case):
    kind, a = case["kind"], case.get("args", {})
    if kind.startswith("optim:"):
        param = tensor(case["params"]["w"], grad=True)
        opt = optimizer(kind[6:], a, param)
        steps = []
        for g in case["grads"]:
            opt.zero_grad()
            param.grad = tensor(g).clone()
            opt.step()
            steps.append(enc(param))
        return {"steps": steps}
    diff = set(case.get("diff", []))
    ins = {k: tensor(v, grad=k in diff) for k, v in case["inputs"].items()}
    ps = {k: tensor(v, grad=True) for k, v in case.get("params", {}).items()}
    if kind.startswith("loss:"):
        out = loss(kind[5:], a, ins["pred"], ins["target"])
        total = out
    else:
        out = layer(kind, a, ins["x"], ps)
        total = (out * tensor(case["upstream"])).sum()
    total.backward()
    for m, p, n in LSTM_MODULES:  # copy the module's gradients to the leaves
        for l in range(n):
            p[f"weight_ih_l{l}"].grad = getattr(m, f"weight_ih_l{l}").grad.T
            p[f"weight_hh_l{l}"].grad = getattr(m, f"weight_hh_l{l}").grad.T
            p[f"bias_l{l}"].grad = getattr(m, f"bias_ih_l{l}").grad
    LSTM_MODULES.clear()
    grads = {k: enc(t.grad) for k, t in {**ins, **ps}.items() if t.requires_grad and t.grad is not None}
    res = {"out": enc(out), "grads": grads, "extra": dict(STATS)}
    STATS.clear()
    return res


def main():
    req = json.load(sys.stdin)
    json.dump({c["name"]: run(c) for c in req["cases"]}, sys.stdout)


if __name__ == "__main__":
    main()
