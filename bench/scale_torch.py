# PyTorch's fast-mode gradcheck (float64) on the checks of `npm run bench -- scale`,
# timed after `import torch`: prints one line per check, "NAME WALL CPU OK"
# (CPU: the process's user + system time, all threads).
import sys
import time

import torch
import torch.nn.functional as F

torch.manual_seed(0)
d = torch.float64


def rand(*shape):
    return torch.randn(*shape, dtype=d, requires_grad=True)


CHECKS = {
    "linear-backward": lambda: (F.linear, (rand(256, 784), rand(128, 784), rand(128))),
    "conv2d-same-backward": lambda: (lambda x, k, b: F.conv2d(x, k, b, padding=1), (rand(64, 1, 28, 28), rand(16, 1, 3, 3), rand(16))),
    "softmax-backward": lambda: (lambda x: torch.softmax(x, dim=1), (rand(1000, 1000),)),
    "batchnorm-backward": lambda: (lambda x, g, b: F.batch_norm(x, None, None, g, b, training=True, eps=1e-5), (rand(4096, 1024), rand(1024), rand(1024))),
    "mlp-backward": lambda: (
        lambda x, w1, b1, w2, b2: F.linear(torch.relu(F.linear(x, w1, b1)), w2, b2),
        (rand(256, 784), rand(128, 784), rand(128), rand(10, 128), rand(10)),
    ),
}

for name in sys.argv[1:]:
    f, inputs = CHECKS[name]()
    t0, c0 = time.perf_counter(), time.process_time()
    ok = torch.autograd.gradcheck(f, inputs, fast_mode=True)
    print(name, time.perf_counter() - t0, time.process_time() - c0, ok, flush=True)
