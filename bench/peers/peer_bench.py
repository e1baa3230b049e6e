#!/usr/bin/python3
"""PyTorch (CPU) and NumPy/OpenBLAS peers of mimo4j's comparison benchmarks.

Runs the same workloads as the JMH benchmarks the report pairs them with, under the same workload
keys (see org.mimo4j.bench.report.WorkloadKeys), on 2 threads, and writes JSON:
  {"env": {...versions, threads, BLAS...}, "results": [{"workload", "system", "times_ms": [...]}, ...]}
Each sample in times_ms is the mean milliseconds per call over an inner loop long enough (>= 50 ms,
10 ms with --quick) that timer overhead does not matter, like one JMH iteration; warm-up samples
are run first and dropped. Usage: peer_bench.py OUT.json [--quick] [--device cuda]

With --serve WORKLOAD [--system torch|numpy] it serves one workload to probe.PeerAb instead (see serve()).

With --device cuda (a GPU machine's PyTorch 2.x, not Debian's 1.13) the torch workloads run on the GPU
as system "torch-cuda", synchronised before each timer read, in strict float32 (TF32 off for matmul and
cuDNN, since our OpenCL kernels compute in float32); the NumPy workloads, which are CPU-only, are left out.
"""
import glob
import os
import sys


def peer_process_environment():
    """The environment the peers run in; the script re-executes itself once to get it (see below)."""
    env = {}
    # glibc's malloc hands large freed blocks back to the kernel (a block over its 128 KB mmap threshold is
    # unmapped on free), so every torch call that allocates faults its memory in again. That is cheap on most
    # machines but not on the VM the project's figures come from: a first touch of a page costs ~17 us there
    # (a C loop over a fresh 64 MB mapping; the host backs guest memory lazily), and the small-CNN step took
    # ~1,300 faults and ~15 ms of system time per call. Keeping freed memory in the process is what a caching
    # allocator (torch's own CPU tuning advice) does; these two glibc settings do it with the stock one:
    # blocks up to 32 MB (glibc's largest threshold) come from the heap, and the heap is never trimmed. Then
    # the step faults no page and takes ~3 ms. PEER_MALLOC=default keeps glibc's defaults.
    if os.environ.get("PEER_MALLOC") != "default":
        env.update(KEEP_FREED_MEMORY)
    # Debian's torch runs its own parallel loops on OpenMP and its matrix products in the OpenBLAS that the
    # libblas.so.3 alternative names. With the pthread build (libopenblas0-pthread) that is two thread
    # pools on two cores: OpenBLAS's worker spins while torch's OpenMP worker waits for the core. The
    # AV-Digits step (mostly matrix products) took 13.4-104 ms in four runs against 8.3-26 with the OpenMP
    # build (libopenblas0-openmp), which runs OpenBLAS on torch's own OpenMP threads (runs alternated, with
    # another job on the machine). So the OpenMP build is used when it is installed; PEER_BLAS=system keeps
    # the one the alternative names.
    if os.environ.get("PEER_BLAS") != "system":
        openmp = sorted(glob.glob("/usr/lib/*/openblas-openmp"))
        if openmp:
            env["LD_LIBRARY_PATH"] = ":".join([openmp[0]] + [p for p in [os.environ.get("LD_LIBRARY_PATH")] if p])
    return env


KEEP_FREED_MEMORY = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(1 << 40)}
if os.environ.get("PEER_REEXECUTED") != "1":
    os.execve(sys.executable, [sys.executable] + sys.argv,
              {**os.environ, **peer_process_environment(), "PEER_REEXECUTED": "1"})

# Thread counts must be fixed before numpy/torch load their BLAS and OpenMP runtimes.
THREADS = int(os.environ.get("THREADS", "2"))
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)

import ctypes  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

SEED = 20240611
BATCH = 32
LR = 0.01
DEVICE = "cpu"
TORCH = "torch"  # the system name of the torch rows: "torch" on the CPU, "torch-cuda" on a GPU


def sync():
    if DEVICE == "cuda":
        torch.cuda.synchronize()


def measure(fn, quick):
    """Warm-up samples then timed samples of fn(); returns per-call ms of each timed sample."""
    target = 0.010 if quick else 0.050
    warmups, samples = (2, 5) if quick else (10, 30)
    t0 = time.perf_counter()
    fn()
    sync()
    once = max(time.perf_counter() - t0, 1e-6)
    inner = max(1, math.ceil(target / once))
    out = []
    for s in range(warmups + samples):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        sync()
        per_call_ms = (time.perf_counter() - t0) * 1e3 / inner
        if s >= warmups:
            out.append(per_call_ms)
    return out


def sgemm_workloads(quick):
    sizes = (512,) if quick else (512, 1024, 2048) if DEVICE == "cpu" else (512, 1024, 2048, 4096)
    for n in sizes:
        rng = np.random.default_rng(SEED)
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        c = np.empty((n, n), dtype=np.float32)
        ta, tb = torch.from_numpy(a).to(DEVICE), torch.from_numpy(b).to(DEVICE)
        tc = torch.empty(n, n)
        # The peers' operands are already where they compute: on a GPU in its memory, on the CPU in the
        # memory that a CPU OpenCL device (PoCL) also computes in. So one timing of each is the peer of both
        # our host-array SGEMM (copies included) and our resident one (the kernel alone): two keys.
        keys = (f"sgemm[n={n}]", f"sgemm-resident[n={n}]")
        if DEVICE == "cpu":
            yield keys, "numpy", lambda a=a, b=b, c=c: np.matmul(a, b, out=c)
        yield keys, TORCH, lambda ta=ta, tb=tb, tc=tc: torch.matmul(ta, tb, out=tc)


# name -> (in channels, side, out channels, kernel, padding), batch 32, stride 1, as Conv2dBenchmark.
CONV_LAYERS = {
    "cifar3x32x32-k3-c64": (3, 32, 64, 3, 1),
    "lenet28-conv1": (1, 28, 6, 5, 2),
    "lenet28-conv2": (6, 14, 16, 5, 0),
    "lenet112-conv1": (1, 112, 6, 5, 2),
    "lenet112-conv2": (6, 56, 16, 5, 0),
    "smallcnn-conv2": (16, 14, 32, 3, 1),
}


def conv_workloads(quick):
    names = ("cifar3x32x32-k3-c64", "lenet28-conv1") if quick else tuple(CONV_LAYERS)
    for name in names:
        cin, side, cout, k, pad = CONV_LAYERS[name]
        torch.manual_seed(SEED)
        x = torch.rand(BATCH, cin, side, side) * 2 - 1
        w = torch.rand(cout, cin, k, k) * 2 - 1
        bias = torch.rand(cout) * 2 - 1
        side_out = side + 2 * pad - k + 1
        dy = torch.rand(BATCH, cout, side_out, side_out) * 2 - 1
        xg, wg = x.clone().requires_grad_(True), w.clone().requires_grad_(True)

        def forward(x=x, w=w, bias=bias, pad=pad):
            with torch.no_grad():
                return F.conv2d(x, w, bias, padding=pad)

        def forward_backward(xg=xg, wg=wg, bias=bias, pad=pad, dy=dy):
            y = F.conv2d(xg, wg, bias, padding=pad)
            return torch.autograd.grad(y, (xg, wg), dy)

        yield f"conv2d-fwd[layer={name}]", TORCH, forward
        yield f"conv2d-fwdbwd[layer={name}]", TORCH, forward_backward


def attention_workloads(quick):
    bh, seq, dim = BATCH * 4, 64, 64
    scale = 1 / math.sqrt(dim)
    for causal in ((False,) if quick else (False, True)):
        torch.manual_seed(SEED)
        q, k, v, dout = (torch.rand(bh, seq, dim) * 2 - 1 for _ in range(4))
        mask = torch.triu(torch.full((seq, seq), float("-inf")), diagonal=1) if causal else None
        qg, kg, vg = (t.clone().requires_grad_(True) for t in (q, k, v))

        def attend(q, k, v, mask=mask):
            s = torch.matmul(q, k.transpose(1, 2)) * scale
            if mask is not None:
                s = s + mask
            return torch.matmul(torch.softmax(s, dim=-1), v)

        def forward(q=q, k=k, v=v):
            with torch.no_grad():
                return attend(q, k, v)

        def forward_backward(qg=qg, kg=kg, vg=vg, dout=dout):
            return torch.autograd.grad(attend(qg, kg, vg), (qg, kg, vg), dout)

        key = f"causal={'true' if causal else 'false'}"
        yield f"attention-fwd[{key}]", TORCH, forward
        yield f"attention-fwdbwd[{key}]", TORCH, forward_backward


def train_step(model, inputs, labels, loss_fn):
    """One step: forward, loss, backward, plain SGD; returns a step function."""
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(*inputs), labels)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def small_cnn_workloads(quick):
    torch.manual_seed(SEED)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 7 * 7, 10))
    x = torch.rand(BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCH,))
    yield "small-cnn-step", TORCH, train_step(model, (x,), y, F.cross_entropy)


class AvDigitsModel(torch.nn.Module):
    """The configs/avdigits-*.json model: LeNet image encoder, MLP audio encoder, concat fusion, heads."""

    def __init__(self, features=64, classes=10):
        super().__init__()
        self.image = torch.nn.Sequential(
            torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
            torch.nn.Linear(16 * 5 * 5, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(),
            torch.nn.Linear(84, features))
        self.audio = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Linear(112 * 112, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, features), torch.nn.ReLU())
        self.heads = torch.nn.ModuleList([torch.nn.Linear(features, classes) for _ in range(2)])
        self.blocks = torch.nn.ModuleList([torch.nn.Linear(features, classes, bias=False) for _ in range(2)])
        self.bias = torch.nn.Parameter(torch.zeros(classes))

    def forward(self, image, audio):
        z = (self.image(image), self.audio(audio))
        fused = self.blocks[0](z[0]) + self.blocks[1](z[1]) + self.bias
        # mimo4j's model also computes each modality's contribution to the fused logits every step.
        contributions = [self.blocks[i](z[i]) + self.bias / 2 for i in range(2)]
        return fused, [self.heads[i](z[i]) for i in range(2)], contributions


def avdigits_workloads(quick):
    torch.manual_seed(SEED)
    batch = 64
    image, audio = torch.rand(batch, 1, 28, 28), torch.randn(batch, 1, 112, 112)
    y = torch.randint(0, 10, (batch,))

    def joint_loss(out, labels):
        fused, heads, _ = out
        return F.cross_entropy(fused, labels) + sum(F.cross_entropy(h, labels) for h in heads)
    yield "avdigits-step", TORCH, train_step(AvDigitsModel(), (image, audio), y, joint_loss)


def gram_workloads(quick):
    if DEVICE != "cpu":
        return
    combos = [(4, 1_000_000)] if quick else [(k, d) for k in (2, 3, 4, 8) for d in (1_000_000, 10_000_000)]
    for k, d in combos:
        g = np.random.default_rng(SEED).uniform(-0.5, 0.5, (k, d)).astype(np.float32)
        yield f"gram[d={d},objectives={k},threads={THREADS}]", "numpy", lambda g=g: g @ g.T


def loaded_blas():
    """The BLAS this process actually loaded (after a matmul), and OpenBLAS's own config string."""
    np.ones((8, 8), np.float32) @ np.ones((8, 8), np.float32)
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    for lib in libs:
        try:
            get_config = ctypes.CDLL(lib).openblas_get_config
        except (OSError, AttributeError):
            continue
        get_config.restype = ctypes.c_char_p
        return get_config().decode()
    # Debian's reference BLAS (libblas3 without libopenblas0-pthread) is 10-50x slower: say so loudly.
    print("WARNING: numpy/torch are not using OpenBLAS (" + ", ".join(libs) + "); "
          "apt-get install libopenblas0-openmp", file=sys.stderr)
    return "NOT OpenBLAS: " + ", ".join(libs)


def debian_version(package):
    """The installed Debian package version (torch reports 1.13.0a0 for Debian's 1.13.1 build)."""
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not a Debian package"


def cuda_environment():
    props = torch.cuda.get_device_properties(0)
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": f"{props.name}, {props.multi_processor_count} SMs, {props.total_memory // 2**20} MiB",
        "CUDA": str(torch.version.cuda),
        "cuDNN": str(torch.backends.cudnn.version()),
        "float32 precision": "TF32 off (torch.backends.cuda.matmul.allow_tf32 = "
                             f"{torch.backends.cuda.matmul.allow_tf32}, cudnn.allow_tf32 = "
                             f"{torch.backends.cudnn.allow_tf32})",
        "executable": sys.executable,
        "malloc": malloc_settings(),
    }


def environment():
    if DEVICE == "cuda":
        return cuda_environment()
    parallel = [line.strip() for line in torch.__config__.parallel_info().splitlines()
                if "get_num_threads" in line or "parallel backend" in line]
    return {
        "python": platform.python_version(),
        "torch": torch.__version__ + " (python3-torch " + debian_version("python3-torch") + ")",
        "numpy": np.__version__ + " (python3-numpy " + debian_version("python3-numpy") + ")",
        "BLAS (numpy, torch matmul)": loaded_blas(),
        "torch threads": str(torch.get_num_threads()),
        "torch parallel": "; ".join(parallel),
        "executable": sys.executable,
        "malloc": malloc_settings(),
        "forced CPU code": forced_cpu_code(),
    }


def forced_cpu_code():
    """The kernels run-comparison.sh --avx2 forces (OpenBLAS's core type, torch's CPU capability), if any."""
    forced = [f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "ATEN_CPU_CAPABILITY") if k in os.environ]
    return " ".join(forced) if forced else "none (each library picks for the CPU)"


def malloc_settings():
    if os.environ.get("PEER_MALLOC") == "default":
        return "glibc defaults (PEER_MALLOC=default)"
    return " ".join(f"{k}={v}" for k, v in KEEP_FREED_MEMORY.items()) + " (freed memory kept, see the top of peer_bench.py)"


def serve(key, system):
    """The peer side of probe.PeerAb: one workload, timed on request so the probe can alternate with it.

    Finds the workload named key for system (torch or numpy) among all families, runs it for 2 s untimed, prints
    "ready SYSTEM KEY", then for each line n on stdin runs n calls, each timed alone (synchronised on a GPU), and
    prints their median in microseconds. Ends at the end of stdin.
    """
    for name in FAMILIES:
        for keys, sys_name, fn in FAMILIES[name](False):
            if sys_name == system and key in ((keys,) if isinstance(keys, str) else keys):
                end = time.perf_counter() + 2
                while time.perf_counter() < end:
                    fn()
                sync()
                print(f"ready {system} {key}", flush=True)
                for line in sys.stdin:
                    times = []
                    for _ in range(int(line)):
                        t0 = time.perf_counter()
                        fn()
                        sync()
                        times.append((time.perf_counter() - t0) * 1e6)
                    times.sort()
                    print(f"{times[len(times) // 2]:.3f}", flush=True)
                return
    sys.exit(f"peer_bench.py: no workload {key} for {system}")


def parse(argv):
    usage = ("usage: peer_bench.py OUT.json [--quick] [--device cpu|cuda] [--only FAMILY,...] (families: "
             + ",".join(FAMILIES) + ")\n       peer_bench.py --serve WORKLOAD [--system torch|numpy]"
             " (for probe.PeerAb)")
    args = argv[1:]
    if not args or args[0].startswith("--"):
        sys.exit(usage)
    out_path, quick, device, only = args[0], False, "cpu", list(FAMILIES)
    i = 1
    while i < len(args):
        if args[i] == "--quick":
            quick = True
        elif args[i] == "--device" and i + 1 < len(args) and args[i + 1] in ("cpu", "cuda"):
            device = args[i + 1]
            i += 1
        elif args[i] == "--only" and i + 1 < len(args) and set(args[i + 1].split(",")) <= set(FAMILIES):
            only = args[i + 1].split(",")
            i += 1
        else:
            sys.exit(usage)
        i += 1
    return out_path, quick, device, only


def use_device(device):
    """Routes every torch tensor and module the workloads create to the device, in strict float32."""
    global DEVICE, TORCH
    DEVICE = device
    if device == "cuda":
        if not torch.cuda.is_available():
            sys.exit("peer_bench.py: --device cuda but torch sees no CUDA device")
        TORCH = "torch-cuda"
        torch.set_default_device("cuda")
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False


def steps_workloads(quick):
    yield from small_cnn_workloads(quick)
    yield from avdigits_workloads(quick)


# The families run-comparison.sh --only names, in the order a full run measures them.
FAMILIES = {"sgemm": sgemm_workloads, "conv": conv_workloads, "attention": attention_workloads,
            "steps": steps_workloads, "gram": gram_workloads}


def main(argv):
    if len(argv) > 1 and argv[1] == "--serve":
        if not (len(argv) == 3 or (len(argv) == 5 and argv[3] == "--system" and argv[4] in ("torch", "numpy"))):
            sys.exit("usage: peer_bench.py --serve WORKLOAD [--system torch|numpy]")
        torch.set_num_threads(THREADS)
        serve(argv[2], argv[4] if len(argv) == 5 else "torch")
        return
    out_path, quick, device, only = parse(argv)
    use_device(device)
    torch.set_num_threads(THREADS)
    results = []
    for name in only:
        for keys, system, fn in FAMILIES[name](quick):
            times = measure(fn, quick)
            # A workload yields one key, or a tuple of keys that the same timing answers (SGEMM's two).
            for workload in (keys,) if isinstance(keys, str) else keys:
                results.append({"workload": workload, "system": system, "times_ms": times})
                print(f"{workload:45s} {system:10s} median {sorted(times)[len(times) // 2]:.3f} ms", flush=True)
    env = environment()
    env["quick"] = str(quick).lower()
    with open(out_path, "w") as f:
        json.dump({"env": env, "results": results}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv)
