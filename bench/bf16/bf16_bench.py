# Needs PyTorch for Python: Debian's python3-torch (apt-get install python3-torch); run /usr/bin/python3 bench/bf16/bf16_bench.py [threads]
# fp32 against bf16 autocast for GreenTrain's cnn (Fashion-MNIST 28x28x1) and a wider net, on this CPU.
import sys, time, torch, torch.nn as nn
torch.manual_seed(0)
def cnn():
    return nn.Sequential(nn.Conv2d(1,32,3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32,64,3), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600,128), nn.ReLU(), nn.Linear(128,10))
def wide():  # 32x32x3 input, 4x the cnn's widths: where matrix units would have work to do
    return nn.Sequential(nn.Conv2d(3,128,3,padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(128,256,3,padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Conv2d(256,512,3,padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(512*16,512), nn.ReLU(), nn.Linear(512,10))
def step_time(model_fn, shape, batch, bf16, steps):
    m = model_fn(); opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(batch, *shape); y = torch.randint(0, 10, (batch,))
    lossf = nn.CrossEntropyLoss()
    for s in range(steps + 3):
        if s == 3: t0 = time.perf_counter()
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = lossf(m(x), y)
        loss.backward(); opt.step()
    return (time.perf_counter() - t0) / steps
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
for name, fn, shape, batch, steps in [("cnn", cnn, (1,28,28), 64, 60), ("cnn", cnn, (1,28,28), 256, 20), ("wide", wide, (3,32,32), 64, 6)]:
    r = {}
    for rep in range(3):
        for bf16 in (False, True):
            r.setdefault(bf16, []).append(step_time(fn, shape, batch, bf16, steps))
    f, b = min(r[False]), min(r[True])
    print(f"{name} batch {batch} threads {threads}: fp32 {f*1000:.1f} ms/step, bf16 autocast {b*1000:.1f} ms/step, bf16/fp32 time {b/f:.2f}", flush=True)
