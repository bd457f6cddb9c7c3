"""Operation prediction from request tokens with operation-conditioned attention (GIER paper, eq. 2-4).

For every operation k and token t (features h_t from MiniLM):

    s_kt = (W_o e_k) . tanh(W_h h_t + b)                  (eq. 2: op embedding e_k queries the tokens)
    a_kt = softmax_t(s_kt)                                (eq. 3)
    c_k  = sum_t a_kt h_t                                 (eq. 4: the op's view of the request)
    p_k  = sigmoid(w_k . LN(c_k) + b_k)
    local_k = sigmoid(w'_k . LN(c_k) + b'_k)

The attention runs over the request's word pieces only ([CLS]/[SEP] are masked out), and the
prediction reads nothing but ``c_k``, so ``a_kt`` says which words asked for operation k. Optionally the top
``n_top`` MiniLM layers are trainable copies (the bottom ones stay the frozen shipped encoder),
which keeps the weights this project commits small.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from .text_encoder import HIDDEN, NUM_LAYERS, extended_mask, mean_pool


@dataclass
class OpModelConfig:
    ops: list[str]  # app operations the model predicts (probabilities exposed)
    aux: list[str] = field(default_factory=list)  # auxiliary targets (trained, not exposed)
    n_top: int = 0  # top MiniLM layers fine-tuned (0: frozen encoder)
    attn_hidden: int = 128
    op_embed: int = 64
    dropout: float = 0.1
    max_length: int = 64
    # A mean-pooled sentence term beside the attention context: a shortcut that leaves the
    # attention free to wander (words no longer explain the prediction), so off by default.
    sentence_term: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "OpModelConfig":
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})

    @property
    def n_all(self) -> int:
        return len(self.ops) + len(self.aux)


@dataclass
class OpOutput:
    logits: torch.Tensor  # (B, n_ops + n_aux)
    local_logits: torch.Tensor  # (B, n_ops)
    attention: torch.Tensor  # (B, n_ops, T)


class OpAttentionHead(nn.Module):
    def __init__(self, cfg: OpModelConfig) -> None:
        super().__init__()
        k, d = cfg.n_all, HIDDEN
        self.n_ops = len(cfg.ops)
        self.drop = nn.Dropout(cfg.dropout)
        self.w_h = nn.Linear(d, cfg.attn_hidden)
        self.op_embed = nn.Parameter(torch.randn(k, cfg.op_embed) * 0.1)
        self.w_o = nn.Linear(cfg.op_embed, cfg.attn_hidden, bias=False)
        self.norm_c = nn.LayerNorm(d)
        # Only with the sentence term: DDP refuses parameters that take no part in the loss.
        self.norm_s = nn.LayerNorm(d) if cfg.sentence_term else None
        self.op_w = nn.Parameter(torch.zeros(k, d))
        self.op_b = nn.Parameter(torch.zeros(k))
        self.sent = nn.Linear(d, k) if cfg.sentence_term else None
        self.local_w = nn.Parameter(torch.zeros(self.n_ops, d))
        self.local_b = nn.Parameter(torch.zeros(self.n_ops))
        nn.init.normal_(self.op_w, std=0.02)
        nn.init.normal_(self.local_w, std=0.02)

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> OpOutput:
        hd = self.drop(h)
        # The op query meets tanh(W_h h) by a dot product: the additive form tanh(W_h h + W_o e)
        # costs B*K*T*A activations, ~50x slower on CPU for no gain we could measure.
        keys = torch.tanh(self.w_h(hd))  # (B, T, A)
        queries = self.w_o(self.op_embed)  # (K, A)
        scores = torch.einsum("bta,ka->bkt", keys, queries)  # (B, K, T)
        words = word_mask(mask)
        scores = scores.masked_fill(~words[:, None, :], torch.finfo(scores.dtype).min)
        attn = torch.softmax(scores, dim=-1)
        context = self.norm_c(torch.einsum("bkt,btd->bkd", attn, hd))  # (B, K, d)
        logits = (context * self.op_w).sum(-1) + self.op_b
        if self.sent is not None and self.norm_s is not None:
            logits = logits + self.sent(self.norm_s(mean_pool(hd, words)))
        local = (context[:, : self.n_ops] * self.local_w).sum(-1) + self.local_b
        return OpOutput(logits, local, attn[:, : self.n_ops])


def word_mask(mask: torch.Tensor) -> torch.Tensor:
    """(B, T) attention mask -> bool mask of the word pieces: drops [CLS] (first) and [SEP] (last
    valid token). A request with no word piece keeps its special tokens (softmax needs one)."""
    words = mask.bool().clone()
    words[:, 0] = False
    last = (mask.sum(1) - 1).clamp_min(0)
    words[torch.arange(mask.shape[0], device=mask.device), last] = False
    empty = ~words.any(1)
    if empty.any():
        words[empty] = mask[empty].bool()
    return words


class OperationModel(nn.Module):
    """Trainable top MiniLM layers (``n_top`` of them) plus the attention head.

    ``forward`` takes the hidden states *below* the trainable layers (layer ``6 - n_top`` of the
    frozen encoder), so training can compute the frozen part once per text.
    """

    def __init__(self, cfg: OpModelConfig, bert: nn.Module | None = None) -> None:
        super().__init__()
        self.cfg = cfg
        if cfg.n_top > 0:
            if bert is None:
                raise ValueError("n_top > 0 needs the MiniLM model to copy its top layers from")
            self.top = nn.ModuleList(copy.deepcopy(bert.encoder.layer[NUM_LAYERS - cfg.n_top :]))
            for p in self.top.parameters():
                p.requires_grad_(True)
        else:
            self.top = nn.ModuleList()
        self.head = OpAttentionHead(cfg)

    @property
    def split_layer(self) -> int:
        """The index of the frozen encoder's hidden state this model reads."""
        return NUM_LAYERS - self.cfg.n_top

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> OpOutput:
        if len(self.top):
            ext = extended_mask(mask, h.dtype)
            for layer in self.top:
                out = layer(h, attention_mask=ext)
                h = out[0] if isinstance(out, tuple) else out
        return self.head(h, mask)


def loss_fn(
    out: OpOutput,
    present: torch.Tensor,
    local: torch.Tensor,
    n_ops: int,
    aux_weight: float = 0.3,
    local_weight: float = 0.5,
    label_smoothing: float = 0.0,
) -> torch.Tensor:
    """BCE on operations (auxiliary targets down-weighted) plus BCE on local where present."""
    target = present
    if label_smoothing:
        target = target * (1 - label_smoothing) + 0.5 * label_smoothing
    bce = nn.functional.binary_cross_entropy_with_logits(out.logits, target, reduction="none")
    w = torch.ones(present.shape[1], device=present.device)
    w[n_ops:] = aux_weight
    loss = (bce * w).sum(1).mean() / w[:n_ops].numel()
    m = present[:, :n_ops]
    if m.sum() > 0:
        lb = nn.functional.binary_cross_entropy_with_logits(out.local_logits, local[:, :n_ops], reduction="none")
        loss = loss + local_weight * (lb * m).sum() / m.sum()
    return loss
