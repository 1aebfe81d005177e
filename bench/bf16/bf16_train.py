# Needs PyTorch for Python: Debian's python3-torch (apt-get install python3-torch); run /usr/bin/python3 bench/bf16/bf16_train.py
# Trains GreenTrain's cnn on data-samples for 3 epochs (SGD 0.05, momentum 0.9, batch 64), fp32 vs bf16 autocast, same seed.
import gzip, os, struct, time, sys, torch, torch.nn as nn, numpy as np
def idx(path):
    with gzip.open(path) as f:
        magic, n = struct.unpack('>II', f.read(8)); dims = [struct.unpack('>I', f.read(4))[0] for _ in range((magic & 0xff) - 1)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(n, *dims)
d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data-samples') + '/'
xtr = torch.tensor(idx(d+'train-images-idx3-ubyte.gz'), dtype=torch.float32).unsqueeze(1) / 255
ytr = torch.tensor(idx(d+'train-labels-idx1-ubyte.gz'), dtype=torch.int64)
xte = torch.tensor(idx(d+'t10k-images-idx3-ubyte.gz'), dtype=torch.float32).unsqueeze(1) / 255
yte = torch.tensor(idx(d+'t10k-labels-idx1-ubyte.gz'), dtype=torch.int64)
mean, std = xtr.mean(), xtr.std(); xtr = (xtr - mean) / std; xte = (xte - mean) / std
torch.set_num_threads(2)
for bf16 in (False, True):
    torch.manual_seed(42)
    m = nn.Sequential(nn.Conv2d(1,32,3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32,64,3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600,128), nn.ReLU(), nn.Linear(128,10))
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9); lossf = nn.CrossEntropyLoss()
    t0 = time.perf_counter(); cpu0 = time.process_time()
    for epoch in range(3):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr) - 63, 64):
            b = perm[i:i+64]; opt.zero_grad()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = lossf(m(xtr[b]), ytr[b])
            loss.backward(); opt.step()
    wall = time.perf_counter() - t0; cpu = time.process_time() - cpu0
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        acc = (m(xte).argmax(1) == yte).float().mean().item()
    print(f"{'bf16 autocast' if bf16 else 'fp32'}: {len(xtr)} train images x 3 epochs in {wall:.1f} s wall, {cpu:.1f} CPU s; test accuracy {acc*100:.2f}% on {len(xte)}", flush=True)
