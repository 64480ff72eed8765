"""numpy, imported in one place, with one BLAS thread.

The audit and the batch multiply small matrices, block by block: a second BLAS thread doubles
the CPU a product takes without making it faster (see the README's Performance section), and in
the batch it competes with the other workers. The setting must come before numpy's first
import; a value the user set wins. So the fast path takes numpy, and its types, only from here.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

__all__ = ["NDArray", "np"]
