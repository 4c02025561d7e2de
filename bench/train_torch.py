"""PyTorch side of bench/train.sh: times training steps of one benchmark model
on the CPU with 2 threads and prints "ms=<median ms per step> rss=<peak MB>".

Usage: train_torch.py MODEL STEPS WARMUP  (MODEL: ae, dcgan or lstm)
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(1)


def ae():
    n = 128
    enc = nn.Sequential(nn.Conv2d(1, 32, 7), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(3872, 64), nn.ReLU(), nn.Linear(64, 9248), nn.ReLU(),
                        nn.Unflatten(1, (32, 17, 17)), nn.Upsample(scale_factor=2, mode="nearest"),
                        nn.Conv2d(32, 1, 7))
    opt = torch.optim.SGD(enc.parameters(), lr=0.01, momentum=0.975, nesterov=True)
    x = torch.rand(n, 1, 28, 28)

    def step():
        opt.zero_grad()
        loss = F.mse_loss(enc(x), x)
        loss.backward()
        opt.step()
    return step


def dcgan():
    n = 64
    def down(i, o, bn=True):
        return [nn.Conv2d(i, o, 4, 2, 1)] + ([nn.BatchNorm2d(o)] if bn else []) + [nn.LeakyReLU(0.2)]

    def up(i, o):
        return [nn.ConvTranspose2d(i, o, 4, 2, 1), nn.BatchNorm2d(o), nn.ReLU()]
    gen = nn.Sequential(*down(3, 64), *down(64, 128), *up(128, 128), *up(128, 64), *up(64, 32),
                        *up(32, 32), nn.Conv2d(32, 3, 5, padding=2), nn.Tanh())
    disc = nn.Sequential(*down(3, 64), *down(64, 128), *down(128, 256), *down(256, 512),
                         nn.Flatten(), nn.Linear(8192, 1))
    og = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(disc.parameters(), lr=2e-4, betas=(0.5, 0.999))
    small = torch.rand(n, 3, 16, 16) * 2 - 1
    real = torch.rand(n, 3, 64, 64) * 2 - 1
    ones, zeros = torch.ones(n, 1), torch.zeros(n, 1)

    def step():
        od.zero_grad()
        fake = gen(small)
        ld = (F.binary_cross_entropy_with_logits(disc(real), ones) +
              F.binary_cross_entropy_with_logits(disc(fake.detach()), zeros))
        ld.backward()
        od.step()
        og.zero_grad()
        lg = (F.binary_cross_entropy_with_logits(disc(fake), ones) +
              F.mse_loss(F.avg_pool2d(fake, 4), small))
        lg.backward()
        og.step()
    return step


def lstm():
    n, t, vocab = 128, 16, 5000

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(vocab, 50)
            self.rnn = nn.LSTM(50, 256, num_layers=2, batch_first=True)
            self.out = nn.Linear(256, vocab)

        def forward(self, ids):
            h, _ = self.rnn(self.emb(ids))
            return self.out(h[:, -1])
    net = Net()
    opt = torch.optim.RMSprop(net.parameters(), lr=0.001)
    ids = torch.randint(0, vocab, (n, t))
    target = torch.randint(0, vocab, (n,))

    def step():
        opt.zero_grad()
        F.cross_entropy(net(ids), target).backward()
        opt.step()
    return step


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return -1


def main():
    model, steps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    step = {"ae": ae, "dcgan": dcgan, "lstm": lstm}[model]()
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    print("ms=%.1f rss=%d" % (statistics.median(times), peak_rss_mb()))


if __name__ == "__main__":
    main()
