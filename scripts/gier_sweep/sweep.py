"""GIER operation prediction: a hyper-parameter and ensemble sweep on one GPU (session 7).

    python scripts/gier_sweep/prep.py ../shared/data/gier .gpu      # here, once
    SWEEP_BUNDLE=.gpu OUT=out/sweep python scripts/gier_sweep/sweep.py   # on the GPU machine

Reads the bundle of prep.py (the pinned MiniLM and GIER train/val/test). Runs variants x seeds in parallel worker processes, each saving val and
test probabilities; at the end chooses (on val only) the deployable variant whose seed-ensemble
scores best and writes its members' weights. Test probabilities are written for later reporting.
"""
from __future__ import annotations

import copy
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
from ldie_desktop.model import metrics
from ldie_desktop.model.op_model import OpAttentionHead, OpModelConfig, loss_fn
from ldie_desktop.model.text_encoder import MiniLM, extended_mask
from ldie_desktop.model.train_ops import _batches

GPU = os.environ.get("SWEEP_BUNDLE", os.path.join(ROOT, ".gpu"))
OUT = os.environ.get("OUT", "/tmp/sweep_out")
WORK = "/tmp/sweep_work"
SMOKE = os.environ.get("SMOKE") == "1"
START = float(os.environ.get("SWEEP_START", time.time()))
CUTOFF = float(os.environ.get("SWEEP_CUTOFF", "380"))  # no job starts after this many seconds
HARD = float(os.environ.get("SWEEP_HARD", "500"))  # stop waiting for jobs after this

BASE = {"n_top": 2, "emb": False, "epochs": 3, "lr_top": 1e-4, "lr_head": 1e-3, "bs": 64, "dropout": 0.1, "aux": 0.3, "ls": 0.0}
VARIANTS = {
    "t2_base": {},
    "t2_ep5": {"epochs": 5},
    "t2_lr2": {"lr_top": 2e-4},
    "t2_lr2_ep5": {"lr_top": 2e-4, "epochs": 5},
    "t2_bs32": {"bs": 32},
    "t2_drop2_ep4": {"dropout": 0.2, "epochs": 4},
    "t3_base": {"n_top": 3},
    "t3_lr5_ep4": {"n_top": 3, "lr_top": 5e-5, "epochs": 4},
    "t6": {"n_top": 6, "epochs": 2},
    "t6_lr5_ep3": {"n_top": 6, "lr_top": 5e-5},
    "full_lr5": {"n_top": 6, "emb": True, "lr_top": 5e-5},
    "full_lr3_ep4": {"n_top": 6, "emb": True, "lr_top": 3e-5, "epochs": 4},
}
SEEDS = range(6)
DEPLOYABLE = {2: 5, 3: 4}  # n_top -> most members that keep the file under 50 MB
if SMOKE:
    VARIANTS = {"t2_base": {}, "full_lr5": {"n_top": 6, "emb": True}}
    SEEDS = range(2)

_data = None
_bert = None


def unpack(block: dict, key: str) -> torch.Tensor:
    n, k = block["shape"].tolist()
    bits = np.unpackbits(block[key].numpy(), count=n * k).reshape(n, k)
    return torch.from_numpy(bits.astype(np.float32))


def load():
    global _data, _bert
    if _data is None:
        from safetensors.torch import load_file

        _data = torch.load(os.path.join(GPU, "data.pt"), weights_only=True)
        for s in ("train", "val", "test"):
            b = _data[s]
            lengths = b["lengths"].long()
            b["ids"] = list(torch.split(b["flat"].long(), lengths.tolist()))
            b["P"], b["L"] = unpack(b, "present"), unpack(b, "local")
            if SMOKE and s != "train":
                b["ids"], b["P"], b["L"] = b["ids"][:300], b["P"][:300], b["L"][:300]
        cfg = json.loads(Path(GPU, "config.json").read_text())
        bert = MiniLM(cfg)
        st = {k: v.float() for k, v in load_file(os.path.join(GPU, "minilm16.safetensors")).items()}
        bert.load_state_dict(st, strict=True)
        _bert = bert
    return _data, _bert


class Net(nn.Module):
    """MiniLM (bottom frozen unless ``emb``) + the app's attention head; top ``n_top`` layers train."""

    def __init__(self, bert: MiniLM, v: dict, mcfg: OpModelConfig) -> None:
        super().__init__()
        self.enc = copy.deepcopy(bert)
        self.split = 6 - v["n_top"]
        for p in self.enc.parameters():
            p.requires_grad_(False)
        for layer in self.enc.encoder.layer[self.split:]:
            for p in layer.parameters():
                p.requires_grad_(True)
        if v["emb"]:
            for p in self.enc.embeddings.parameters():
                p.requires_grad_(True)
        self.emb_train = v["emb"]
        self.head = OpAttentionHead(mcfg)

    def forward(self, ids, mask):
        ext = extended_mask(mask, torch.float32)
        with torch.set_grad_enabled(self.emb_train and torch.is_grad_enabled()):
            h = self.enc.embeddings(ids)
            for layer in self.enc.encoder.layer[: self.split]:
                h = layer(h, attention_mask=ext)
        for layer in self.enc.encoder.layer[self.split:]:
            h = layer(h, attention_mask=ext)
        return self.head(h, mask)

    def encoder_params(self):
        return [p for p in self.enc.parameters() if p.requires_grad]

    def deploy_state(self) -> dict:
        """The app's OperationModel names: top.i.* (the trained layers) and head.*."""
        out = {}
        for i, layer in enumerate(self.enc.encoder.layer[self.split:]):
            for k, t in layer.state_dict().items():
                out[f"top.{i}.{k}"] = t.detach().half().cpu()
        for k, t in self.head.state_dict().items():
            out[f"head.{k}"] = t.detach().half().cpu()
        return out


def pad(ids_list, device):
    t = max(len(x) for x in ids_list)
    ids = torch.zeros(len(ids_list), t, dtype=torch.long)
    mask = torch.zeros(len(ids_list), t, dtype=torch.long)
    for i, x in enumerate(ids_list):
        ids[i, : len(x)] = x
        mask[i, : len(x)] = 1
    return ids.to(device, non_blocking=True), mask.to(device, non_blocking=True)


@torch.inference_mode()
def predict(net, ids, device, bs=512):
    net.eval()
    order = np.argsort([len(x) for x in ids], kind="stable")
    n_ops = net.head.n_ops
    probs = np.zeros((len(ids), n_ops), np.float32)
    local = np.zeros((len(ids), n_ops), np.float32)
    for s in range(0, len(order), bs):
        idx = order[s : s + bs]
        i, m = pad([ids[j] for j in idx], device)
        out = net(i, m)
        probs[idx] = torch.sigmoid(out.logits[:, :n_ops]).float().cpu().numpy()
        local[idx] = torch.sigmoid(out.local_logits).float().cpu().numpy()
    return probs, local


def run_job(job):
    name, seed = job
    elapsed = time.time() - START
    if elapsed > CUTOFF:
        return {"name": name, "seed": seed, "skipped": True}
    v = dict(BASE, **VARIANTS[name])
    data, bert = load()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = True
    ops, names = data["ops"], data["names"]
    mcfg = OpModelConfig(ops=ops, aux=names[len(ops):], n_top=v["n_top"], dropout=v["dropout"])
    torch.manual_seed(1000 * seed)
    net = Net(bert, v, mcfg).to(device)
    groups = [{"params": list(net.head.parameters()), "lr": v["lr_head"]},
              {"params": net.encoder_params(), "lr": v["lr_top"]}]
    opt = torch.optim.AdamW(groups, weight_decay=0.01, fused=device.type == "cuda")
    tr = data["train"]
    lengths = tr["lengths"].numpy()
    rng = np.random.default_rng(1000 * seed)
    per_epoch = len(_batches(lengths, v["bs"], np.random.default_rng(0), 0, 1))
    total = per_epoch * v["epochs"] if not SMOKE else 4
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[g["lr"] for g in groups], total_steps=total, pct_start=0.1)
    P, L = tr["P"].to(device), tr["L"].to(device)
    t0 = time.time()
    step = 0
    losses = []
    for _ in range(v["epochs"]):
        net.train()
        tot, n = 0.0, 0
        for batch in _batches(lengths, v["bs"], rng, 0, 1):
            if step >= total:
                break
            i, m = pad([tr["ids"][j] for j in batch], device)
            b = torch.from_numpy(batch).to(device)
            out = net(i, m)
            loss = loss_fn(out, P[b], L[b], len(ops), aux_weight=v["aux"], local_weight=0.5, label_smoothing=v["ls"])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            tot += loss.detach()
            n += 1
        losses.append(float(tot / max(n, 1)))
    train_s = time.time() - t0
    res = {"name": name, "seed": seed, "losses": losses, "train_s": round(train_s, 1), "steps": step}
    vp, vl = predict(net, data["val"]["ids"], device)
    tp, tl = predict(net, data["test"]["ids"], device)
    paper = data["paper"]
    res["val_auc"] = metrics.micro_auc(data["val"]["P"].numpy()[:, paper], vp[:, paper])
    os.makedirs(WORK, exist_ok=True)
    np.savez(os.path.join(WORK, f"{name}__{seed}.npz"), vp=vp, vl=vl, tp=tp[:, paper], tl=tl[:, paper])
    if v["n_top"] in DEPLOYABLE and not v["emb"]:
        torch.save(net.deploy_state(), os.path.join(WORK, f"{name}__{seed}.pt"))
    res["total_s"] = round(time.time() - t0, 1)
    return res


def main():
    import torch.multiprocessing as mp

    os.makedirs(OUT, exist_ok=True)
    jobs = [(name, s) for s in SEEDS for name in VARIANTS]
    workers = int(os.environ.get("SWEEP_WORKERS", "8"))
    log = {"jobs": [], "start": START, "cuda": torch.cuda.is_available(),
           "device": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"}
    ctx = mp.get_context("spawn")
    pool = ctx.Pool(workers)
    pending = pool.imap_unordered(run_job, jobs)
    done = 0
    while done < len(jobs):
        remaining = HARD - (time.time() - START)
        if remaining <= 0:
            break
        try:
            r = pending.next(timeout=remaining)
        except mp.TimeoutError:
            break
        except Exception as e:  # noqa: BLE001 - a job's own failure: record and go on
            log["jobs"].append({"error": repr(e)})
            done += 1
            continue
        done += 1
        log["jobs"].append(r)
        if not r.get("skipped"):
            print(f"[{time.time() - START:5.0f}s] {r['name']} seed {r['seed']}: val {r['val_auc']:.4f} "
                  f"train {r['train_s']}s loss {r['losses'][-1]:.4f}", flush=True)
    pool.terminate()
    pack(log)


def pack(log):
    data, _ = load()
    paper = data["paper"]
    vy = data["val"]["P"].numpy()[:, paper]
    files = sorted(f for f in os.listdir(WORK) if f.endswith(".npz")) if os.path.isdir(WORK) else []
    runs = {f[:-4]: np.load(os.path.join(WORK, f)) for f in files}
    # ensembles per variant over the seeds that finished (val only)
    ens = {}
    for name in VARIANTS:
        keys = sorted((k for k in runs if k.split("__")[0] == name), key=lambda k: int(k.split("__")[1]))
        if not keys:
            continue
        curve = []
        for n in range(1, len(keys) + 1):
            p = np.mean([runs[k]["vp"] for k in keys[:n]], 0)
            curve.append(round(metrics.micro_auc(vy, p[:, paper]), 5))
        ens[name] = {"members": len(keys), "val_auc_by_size": curve}
    log["ensembles"] = ens
    # the deployable choice: best val AUC of a variant's ensemble within its size limit
    best, best_auc = None, -1.0
    for name, e in ens.items():
        v = dict(BASE, **VARIANTS[name])
        if v["emb"] or v["n_top"] not in DEPLOYABLE:
            continue
        k = min(DEPLOYABLE[v["n_top"]], e["members"])
        if e["val_auc_by_size"][k - 1] > best_auc:
            best, best_auc = (name, k), e["val_auc_by_size"][k - 1]
    log["chosen"] = {"variant": best[0], "members": best[1], "val_auc": best_auc} if best else None
    names = list(runs)
    np.savez_compressed(os.path.join(OUT, "val_probs.npz"), names=np.array(names),
                        **{f"{n}__p": runs[n]["vp"].astype(np.float16) for n in names},
                        **{f"{n}__l": runs[n]["vl"][:, paper].astype(np.float16) for n in names})
    np.savez_compressed(os.path.join(OUT, "test_probs.npz"), names=np.array(names),
                        **{f"{n}__p": runs[n]["tp"].astype(np.float16) for n in names},
                        **{f"{n}__l": runs[n]["tl"].astype(np.float16) for n in names})
    if best:
        name, k = best
        for s in range(k):
            src = os.path.join(WORK, f"{name}__{s}.pt")
            if os.path.exists(src):
                os.replace(src, os.path.join(OUT, f"member{s}.pt"))
    Path(OUT, "log.json").write_text(json.dumps(log, indent=1))
    print(json.dumps({"ensembles": ens, "chosen": log["chosen"]}, indent=1))
    print("elapsed", round(time.time() - START, 1))


if __name__ == "__main__":
    main()
