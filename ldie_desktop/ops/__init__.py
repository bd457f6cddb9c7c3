"""Operations: one plugin a file, a registry by stable name, and the parameter specs."""

from .registry import PAPER_OPS, UnknownOperation, get, operations, register
from .spec import OpContext, Operation, ParamError, ParamSpec

__all__ = [
    "PAPER_OPS", "OpContext", "Operation", "ParamError", "ParamSpec", "UnknownOperation",
    "get", "operations", "register",
]
