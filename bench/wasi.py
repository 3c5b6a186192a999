#!/usr/bin/env python3
"""WASI guests inside Wosix against the same modules under plain wasmtime, in one run, printed as
JSON (issue 4, "Bench"). Benchmarks are not tests: nothing asserts on time; `targets` says
which of the issue's goals were met.

The guests (bench/guests, built here for wasm32-wasip1) time their own work with the monotonic
clock, so `*_internal_*` numbers compare pure guest work; wall-clock numbers are reported next
to them. Wosix runs are `wosix --install MODULE:/usr/bin/NAME -c SCRIPT`, a fresh machine per
run; "plain wasmtime" is the `wasmtime` package from PyPI (installed into venvs in the host
cache: ~/.cache/wosix/bench-venv the newest, bench-venv-48 the release Wosix links) run by
this same file in `--wasmtime-run` mode.

  compute  SHA-256 + sieve loop, then CPython (recursion, a dict of strings, a sort; needs
           `wosix fetch python3`, done here when missing); interleaved runs, medians of the
           guests' own timings. Five arms each: wosix; the newest wasmtime from PyPI and the
           release Wosix links (48), each plain and with epoch interruption on (how Wosix
           preempts guests; the deadline is never reached). `time_ratio_internal` = wosix
           time / newest plain wasmtime time (goal <= 1.05); `time_ratio_internal_vs_*` the
           same against the other arms; `epoch_cost_*` what epoch checks cost wasmtime alone.
  spawn    a shell loop starting a no-op guest N times in wosix (less the same loop run 0
           times), against the same loop running /bin/true in wosix, and against wasmtime
           instantiating and running the module N times in one host process. ms per spawn
           (goal <= 2 ms).
  pipe     `wbench write MIB | wbench count`: in wosix, under wasmtime as two host processes
           joined by an OS pipe, and `dd | dd` on the host for reference. GB/s (10^9 bytes/s),
           from wall time less the same pipeline with 0 MiB (goal >= 1.5 GB/s).
  files    `wbench files N DIR`: create N empty files, list the directory, stat each, unlink
           each; wosix /tmp (in-memory VFS) against a preopened host tmpfs dir under wasmtime.

Usage: bench/wasi.py [--quick] [--wosix PATH]. Environment: WOSIX (binary path),
CARGO_TARGET_DIR (where the wosix binary and the guests are built), WOSIX_CACHE.
"""

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 900  # seconds for one run
GUESTS = os.path.join(ROOT, "bench", "guests")
WASMTIME_REQ = "wasmtime>=30"
# The wasmtime release Wosix links (crates/host-native/Cargo.toml), so one arm compares the
# same compiler with and without epoch interruption.
WASMTIME_SAME_REQ = "wasmtime==48.*"
PYTHON_WASM = "python-3.12.0.wasm"
# The CPython compute workload: recursion, dict and string churn, sorting; guest-timed.
PY_COMPUTE = """import time
t = time.perf_counter()
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
x = fib(ROUNDS)
d = {}
for i in range(12000 * ROUNDS):
    d[str(i)] = i * i
top = sorted(d.values(), key=lambda v: -v)[:3]
print("compute_ms=%.3f checksum=%d" % ((time.perf_counter() - t) * 1000, x + top[0]))
"""


def cache_dir():
    """The host cache folder, as crates/host-native/src/packages.rs finds it."""
    if os.environ.get("WOSIX_CACHE"):
        return os.environ["WOSIX_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "wosix")


def target_dir():
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")


def log(msg):
    sys.stderr.write(f"bench/wasi: {msg}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# `--wasmtime-run`: the plain-wasmtime runner, executed by the venv's python.


def wasmtime_main(args):
    """`--wasmtime-run run MODULE [--epoch] [--dir HOST:GUEST]... -- ARGV...` runs the module
    once with inherited stdio; `--wasmtime-run spawn MODULE N` instantiates and runs it N times
    in this process and prints `spawn_ms=TOTAL`. Compiled modules are cached
    (Module.serialize). `--epoch` turns on epoch interruption (never triggered), the
    mechanism Wosix preempts guests with, to show what it costs on its own."""
    import wasmtime  # noqa: PLC0415 (only the venv has it)

    mode, path, rest = args[0], args[1], args[2:]
    epoch = bool(rest) and rest[0] == "--epoch"
    if epoch:
        rest = rest[1:]
    config = wasmtime.Config()
    config.epoch_interruption = epoch
    engine = wasmtime.Engine(config)
    module = load_module(wasmtime, engine, path, "-epoch" if epoch else "")
    linker = wasmtime.Linker(engine)
    linker.define_wasi()

    def run_once(argv, dirs=()):
        store = wasmtime.Store(engine)
        if epoch:
            store.set_epoch_deadline(1 << 60)
        cfg = wasmtime.WasiConfig()
        cfg.argv = argv
        cfg.inherit_stdin()
        cfg.inherit_stdout()
        cfg.inherit_stderr()
        for host, guest in dirs:
            cfg.preopen_dir(host, guest)
        store.set_wasi(cfg)
        instance = linker.instantiate(store, module)
        try:
            instance.exports(store)["_start"](store)
        except wasmtime.ExitTrap as e:
            return e.code
        return 0

    if mode == "spawn":
        n = int(rest[0])
        t0 = time.perf_counter()
        for _ in range(n):
            if run_once(["noop"]) != 0:
                sys.exit("noop failed")
        print(f"spawn_ms={(time.perf_counter() - t0) * 1000:.3f}")
        return 0
    dirs = []
    while rest and rest[0] == "--dir":
        host, guest = rest[1].rsplit(":", 1)
        dirs.append((host, guest))
        rest = rest[2:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    sys.stdout.flush()
    return run_once(rest, dirs)


def load_module(wasmtime, engine, path, flavour=""):
    """The compiled module for `path`, from the on-disk cache when its bytes were seen before."""
    from importlib.metadata import version  # noqa: PLC0415

    data = open(path, "rb").read()
    key = hashlib.sha256(data).hexdigest()[:32]
    cdir = os.path.join(cache_dir(), "bench-venv", "modules")
    cached = os.path.join(cdir, f"{key}-{version('wasmtime')}{flavour}.cwasm")
    if os.path.exists(cached):
        try:
            return wasmtime.Module.deserialize_file(engine, cached)
        except wasmtime.WasmtimeError:
            pass
    module = wasmtime.Module(engine, data)
    os.makedirs(cdir, exist_ok=True)
    with open(cached + ".part", "wb") as f:
        f.write(module.serialize())
    os.replace(cached + ".part", cached)
    return module


# ---------------------------------------------------------------------------------------------
# Set-up: the guests and the venv.


def build_guests():
    """Build bench/guests for wasm32-wasip1; returns {name: path of the .wasm}."""
    out = os.path.join(target_dir(), "bench-guests")
    env = {k: v for k, v in os.environ.items()
           if k not in ("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS")}
    env["CARGO_TARGET_DIR"] = out
    p = subprocess.run([os.environ.get("CARGO", "cargo"), "build", "--release", "--quiet",
                        "--target", "wasm32-wasip1", "--manifest-path",
                        os.path.join(GUESTS, "Cargo.toml")], env=env)
    if p.returncode != 0:
        sys.exit("bench/wasi: building bench/guests failed "
                 "(rustup target add wasm32-wasip1?)")
    rel = os.path.join(out, "wasm32-wasip1", "release")
    return {n: os.path.join(rel, f"{n}.wasm") for n in ("wbench", "noop")}


def venv_python(name="bench-venv", req=WASMTIME_REQ):
    """The python of venv `name` (in the host cache) with the wasmtime package `req`, created
    on first use (idempotent)."""
    venv = os.path.join(cache_dir(), name)
    py = os.path.join(venv, "bin", "python")
    probe = [py, "-c", "import wasmtime"]
    if os.path.exists(py) and subprocess.run(probe, capture_output=True).returncode == 0:
        return py
    log(f"installing {req} into {venv}")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([py, "-m", "pip", "install", "--quiet", req], check=True)
    if subprocess.run(probe, capture_output=True).returncode != 0:
        sys.exit("bench/wasi: the wasmtime package does not import")
    return py


def python_wasm(wosix):
    """CPython for WASI from the host cache, fetched with `wosix fetch python3` when missing
    (the machine then installs it as /usr/bin/python3); None when it cannot be had."""
    path = os.path.join(cache_dir(), PYTHON_WASM)
    if not os.path.exists(path):
        log("fetching CPython (wosix fetch python3)")
        subprocess.run([wosix, "fetch", "python3"], stdin=subprocess.DEVNULL)
    return path if os.path.exists(path) else None


# ---------------------------------------------------------------------------------------------
# Measuring.


def timed(argv, cwd=None, shell=False):
    """Run argv; (seconds, stdout). Fails loudly on a non-zero status."""
    t0 = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=TIMEOUT, shell=shell)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(f"bench/wasi: {argv!r} exited {p.returncode}\n"
                         f"{p.stderr.decode(errors='replace')}")
        sys.exit(1)
    return dt, p.stdout.decode(errors="replace")


def fields(out):
    """The `key=value` pairs of a guest's last output line, values as floats where they parse."""
    line = out.strip().splitlines()[-1] if out.strip() else ""
    r = {}
    for word in line.split():
        k, _, v = word.partition("=")
        try:
            r[k] = float(v)
        except ValueError:
            r[k] = v
    return r


def interleaved(reps, runs):
    """Call each of `runs` ({name: fn}) in turn, `reps` rounds (A B C A B C ...); returns
    {name: [results]}."""
    out = {k: [] for k in runs}
    for _ in range(reps):
        for k, fn in runs.items():
            out[k].append(fn())
    return out


def compute_summary(runs, arms):
    """Medians of the guest-timed `compute_ms` of each arm, and Wosix's time over each other
    arm's (`time_ratio_internal*`); all arms must print the same checksum."""
    sums = {fields(o).get("checksum") for k in arms for _, o in runs[k]}
    if len(sums) != 1:
        sys.exit(f"bench/wasi: compute checksums differ: {sums}")
    ms = {k: med([fields(o)["compute_ms"] for _, o in runs[k]]) for k in arms}
    c = {f"{k}_internal_ms": r3(v) for k, v in ms.items()}
    c["internal_spread_ms"] = {k: [r3(fields(o)["compute_ms"]) for _, o in runs[k]]
                               for k in arms}
    c["time_ratio_internal"] = r3(ms["wosix"] / ms["wasmtime"])
    for k in arms:
        if k not in ("wosix", "wasmtime"):
            c[f"time_ratio_internal_vs_{k}"] = r3(ms["wosix"] / ms[k])
    # What epoch interruption alone costs wasmtime itself.
    c["epoch_cost_wasmtime"] = r3(ms["wasmtime_epoch"] / ms["wasmtime"])
    c["epoch_cost_wasmtime_same"] = r3(ms["wasmtime_same_epoch"] / ms["wasmtime_same"])
    return c


def med(xs):
    return statistics.median(xs)


def r3(x):
    return round(x, 3)


def main():
    args = sys.argv[1:]
    if args and args[0] == "--wasmtime-run":
        sys.exit(wasmtime_main(args[1:]))
    quick = "--quick" in args
    wosix = os.environ.get("WOSIX", os.path.join(target_dir(), "release", "wosix"))
    if "--wosix" in args:
        wosix = args[args.index("--wosix") + 1]
    if not os.access(wosix, os.X_OK):
        sys.exit(f"bench/wasi: {wosix} not found (cargo build --release -p wosix-host-native)")

    reps = 3 if quick else 7
    rounds = 300 if quick else 3500  # compute rounds: ~0.1 s / ~1.3 s
    spawns = 200 if quick else 2000
    pipe_mib = 64 if quick else 1024
    nfiles = 1000 if quick else 10000

    guests = build_guests()
    py = venv_python()
    py_same = venv_python("bench-venv-48", WASMTIME_SAME_REQ)
    me = os.path.abspath(__file__)

    def wasmtime_version(python):
        return subprocess.run([python, "-c", "import importlib.metadata as m; "
                               "print(m.version('wasmtime'))"],
                              capture_output=True, text=True).stdout.strip()

    installs = [f"--install={guests['wbench']}:/usr/bin/wbench",
                f"--install={guests['noop']}:/usr/bin/noop"]
    pywasm = python_wasm(wosix)
    scratch = tempfile.mkdtemp(prefix="wosix-bench-py-")
    py_rounds = 18 if quick else 24  # fib(n) and 12 000 * n dict entries: ~0.05 s / ~0.4 s
    with open(os.path.join(scratch, "compute.py"), "w") as fh:
        fh.write(PY_COMPUTE.replace("ROUNDS", str(py_rounds)))
    installs.append(f"--install={os.path.join(scratch, 'compute.py')}:/tmp/compute.py")

    def in_wosix(script):
        return timed([wosix, *installs, "-c", script])

    def under_wasmtime(*argv, dirs=(), epoch=False, python=py, module=guests["wbench"]):
        extra = ["--epoch"] if epoch else []
        for d in dirs:
            extra += ["--dir", d]
        return timed([python, me, "--wasmtime-run", "run", module, *extra, "--", *argv])

    def python_under(python, epoch=False):
        return lambda: under_wasmtime("python", "/w/compute.py", dirs=[f"{scratch}:/w"],
                                      epoch=epoch, python=python, module=pywasm)

    result = {
        "wosix": wosix,
        "wasmtime": f"wasmtime {wasmtime_version(py)} (PyPI, {py})",
        "wasmtime_same": f"wasmtime {wasmtime_version(py_same)} (PyPI, {py_same})",
        "mode": "quick" if quick else "full",
        "reps": reps,
        "host_cpus": os.cpu_count(),
        "host_load_avg_1m_at_start": round(os.getloadavg()[0], 2),
    }

    # Warm both compiled-module caches (wosix's on-disk cache, the venvs' serialized modules).
    in_wosix("wbench compute 1; noop")
    for python in (py, py_same):
        for epoch in (False, True):
            under_wasmtime("wbench", "compute", "1", epoch=epoch, python=python)
            if pywasm:
                python_under(python, epoch)()
    if pywasm:
        in_wosix("python3 /tmp/compute.py")
    timed([py, me, "--wasmtime-run", "spawn", guests["noop"], "1"])
    result["boot_ms"] = r3(med([in_wosix(":")[0] for _ in range(5)]) * 1000)

    # 1. Compute: the Rust kernel (SHA-256 + sieve), then CPython, each against the newest
    # wasmtime and against the release Wosix links, with and without epoch interruption.
    log(f"compute: {rounds} rounds x {reps}, interleaved")
    arms = {
        "wosix": lambda: in_wosix(f"wbench compute {rounds}"),
        "wasmtime": lambda: under_wasmtime("wbench", "compute", str(rounds)),
        "wasmtime_epoch": lambda: under_wasmtime("wbench", "compute", str(rounds), epoch=True),
        "wasmtime_same": lambda: under_wasmtime("wbench", "compute", str(rounds),
                                                python=py_same),
        "wasmtime_same_epoch": lambda: under_wasmtime("wbench", "compute", str(rounds),
                                                      epoch=True, python=py_same),
    }
    runs = interleaved(reps, {
        **arms,
        "wosix0": lambda: in_wosix("wbench compute 0"),
        "wasmtime0": lambda: under_wasmtime("wbench", "compute", "0"),
    })
    c = compute_summary(runs, arms)
    for k in ("wosix", "wasmtime"):
        c[f"{k}_wall_ms"] = r3(med([t for t, _ in runs[k]]) * 1000)
        c[f"{k}_startup_ms"] = r3(med([t for t, _ in runs[k + "0"]]) * 1000)
        c[f"{k}_wall_less_startup_ms"] = r3(c[f"{k}_wall_ms"] - c[f"{k}_startup_ms"])
    c["time_ratio_wall_less_startup"] = r3(c["wosix_wall_less_startup_ms"]
                                           / c["wasmtime_wall_less_startup_ms"])
    c["time_ratio_wall"] = r3(c["wosix_wall_ms"] / c["wasmtime_wall_ms"])
    result["compute"] = {"rounds": rounds, **c}

    if pywasm:
        log(f"compute (CPython): fib({py_rounds}) + dict x {reps}, interleaved")
        arms = {
            "wosix": lambda: in_wosix("python3 /tmp/compute.py"),
            "wasmtime": python_under(py),
            "wasmtime_epoch": python_under(py, epoch=True),
            "wasmtime_same": python_under(py_same),
            "wasmtime_same_epoch": python_under(py_same, epoch=True),
        }
        result["compute_python"] = {"rounds": py_rounds,
                                    **compute_summary(interleaved(reps, arms), arms)}
    else:
        result["compute_python"] = None
    installs.pop()  # the script goes with its folder
    shutil.rmtree(scratch, ignore_errors=True)

    # 2. Spawn + wait.
    log(f"spawn: {spawns} no-op guests x {reps}")
    loop = "i=0; while [ $i -lt {N} ]; do {P}; i=$((i+1)); done"

    def wosix_loop(prog, n):
        return lambda: in_wosix(loop.replace("{N}", str(n)).replace("{P}", prog))[0]

    def wasmtime_spawns():
        _, out = timed([py, me, "--wasmtime-run", "spawn", guests["noop"], str(spawns)])
        return fields(out)["spawn_ms"]

    runs = interleaved(reps, {
        "noop": wosix_loop("/usr/bin/noop", spawns),
        "true": wosix_loop("/bin/true", spawns),
        "empty": wosix_loop("/bin/true", 0),
        "wasmtime": wasmtime_spawns,
    })
    base = med(runs["empty"])
    noop_ms = max(med(runs["noop"]) - base, 0) * 1000 / spawns
    true_ms = max(med(runs["true"]) - base, 0) * 1000 / spawns
    wt_ms = med(runs["wasmtime"]) / spawns
    result["spawn"] = {
        "count": spawns,
        "wosix_guest_ms_per_spawn": r3(noop_ms),
        "wosix_bin_true_ms_per_spawn": r3(true_ms),
        "wasmtime_instantiate_run_ms": r3(wt_ms),
        "time_ratio_vs_wasmtime": r3(noop_ms / wt_ms),
        "time_ratio_vs_bin_true": r3(noop_ms / true_ms) if true_ms else None,
    }

    # 3. Pipe throughput.
    log(f"pipe: {pipe_mib} MiB x {reps}")
    nbytes = pipe_mib << 20
    run = [py, me, "--wasmtime-run", "run", guests["wbench"], "--"]
    host_pipe = " ".join(run + ["wbench", "write", "{M}"]) + " | " + \
        " ".join(run + ["wbench", "count"])

    def pipe_runs(mib):
        return {
            "wosix": lambda: in_wosix(f"wbench write {mib} | wbench count"),
            "wasmtime": lambda: timed(host_pipe.replace("{M}", str(mib)), shell=True),
        }

    full = pipe_runs(pipe_mib)
    empty = pipe_runs(0)
    runs = interleaved(reps, {
        "wosix": full["wosix"], "wasmtime": full["wasmtime"],
        "wosix0": empty["wosix"], "wasmtime0": empty["wasmtime"],
        "dd": lambda: timed(f"dd if=/dev/zero bs=64K count={nbytes >> 16} status=none"
                            " | dd of=/dev/null bs=64K status=none", shell=True),
    })
    p = {"mib": pipe_mib}
    for k in ("wosix", "wasmtime"):
        counted = {int(fields(o)["bytes"]) for _, o in runs[k]}
        if counted != {nbytes}:
            sys.exit(f"bench/wasi: pipe under {k} counted {counted}, wanted {nbytes}")
        dt = max(med([t for t, _ in runs[k]]) - med([t for t, _ in runs[k + "0"]]), 1e-6)
        p[f"{k}_gb_s"] = r3(nbytes / dt / 1e9)
        inner = med([fields(o)["count_ms"] for _, o in runs[k]]) / 1000
        p[f"{k}_reader_internal_gb_s"] = r3(nbytes / inner / 1e9)
    p["host_dd_gb_s"] = r3(nbytes / med([t for t, _ in runs["dd"]]) / 1e9)
    p["rate_ratio_vs_wasmtime"] = r3(p["wosix_gb_s"] / p["wasmtime_gb_s"])
    result["pipe"] = p

    # 4. Files.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    log(f"files: {nfiles} x {min(reps, 3)} (host dir in {shm or tempfile.gettempdir()})")

    def host_files():
        d = tempfile.mkdtemp(prefix="wosix-bench-", dir=shm)
        try:
            return under_wasmtime("wbench", "files", str(nfiles), "/fb", dirs=[f"{d}:/fb"])
        finally:
            shutil.rmtree(d, ignore_errors=True)

    # wasmtime's fd_readdir restarts from the first entry at every call (quadratic: ~15 s for
    # 10 000 files), so fewer rounds here.
    file_reps = min(reps, 3)
    runs = interleaved(file_reps, {
        "wosix": lambda: in_wosix(f"mkdir /tmp/fb && wbench files {nfiles} /tmp/fb"),
        "wasmtime": host_files,
    })
    f = {"count": nfiles, "reps": file_reps, "host_fs": shm or tempfile.gettempdir()}
    phases = ("create", "readdir", "stat", "unlink")
    for k in ("wosix", "wasmtime"):
        got = [fields(o) for _, o in runs[k]]
        if any(g["listed"] != nfiles for g in got):
            sys.exit(f"bench/wasi: files under {k} listed {[g['listed'] for g in got]}")
        for ph in phases:
            f[f"{k}_{ph}_ms"] = r3(med([g[f"{ph}_ms"] for g in got]))
        f[f"{k}_total_ms"] = r3(med([sum(g[f"{ph}_ms"] for ph in phases) for g in got]))
        f[f"{k}_total_less_readdir_ms"] = r3(f[f"{k}_total_ms"] - f[f"{k}_readdir_ms"])
    f["time_ratio"] = {ph: r3(f[f"wosix_{ph}_ms"] / f[f"wasmtime_{ph}_ms"])
                       for ph in (*phases, "total", "total_less_readdir")}
    result["files"] = f

    result["targets"] = {
        "compute_time_ratio_le_1.05": result["compute"]["time_ratio_internal"] <= 1.05,
        "compute_time_ratio_vs_same_preemption_le_1.05":
            result["compute"]["time_ratio_internal_vs_wasmtime_same_epoch"] <= 1.05,
        "spawn_le_2ms": noop_ms <= 2.0,
        "pipe_ge_1.5_gb_s": p["wosix_gb_s"] >= 1.5,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
