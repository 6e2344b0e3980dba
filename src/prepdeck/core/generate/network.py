"""The mini-trainer's two models, batched over several configurations at once.

All weights live in one ``(K, P)`` array, one row per configuration, with the
layers as views into it; gradients fill a twin array with the same views. An
SGD update is then a single vectorised operation, and a learning-rate sweep of
8 runs is one stream of slightly larger matrix products rather than 8 loops.
With K > 1 the layers are ``(K, rows, cols)`` stacks; a single configuration
gets plain 2-D matrices, whose products numpy runs faster. The intermediate
arrays of a training step are allocated once per batch size and reused: the
step is a few dozen microseconds, so allocation would be a visible cost.

Inputs carry a trailing column of ones (``with_bias_column``), so the first
layer's bias is its weight matrix's last row. The MLP is
``relu(x @ w1) @ w2 + b2``; logistic regression is ``x @ w``. Both end in a
softmax with mean cross-entropy loss.

Dropout is inverted dropout on the input of the last layer (the hidden units
of the MLP, the features of logistic regression): ``keep`` is the 0/1 mask
already divided by the keep probability, so evaluation needs no rescaling.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Literal

import numpy as np

Model = Literal["logistic", "mlp"]

# Evaluation block size, in multiply-adds of the first product: measured fastest on 2 cores, where
# OpenBLAS's threads for one big product cost more than several single-threaded ones.
_BLOCK_PRODUCT = 2**19


def with_bias_column(x: np.ndarray) -> np.ndarray:
    """``x`` with a column of ones appended, the layout every method here expects."""
    return np.hstack([x, np.ones((x.shape[0], 1))])


def _swap(array: np.ndarray) -> np.ndarray:
    """The transpose of each matrix in a stack (or of a single matrix), as a view."""
    return np.swapaxes(array, -1, -2)


class Network:
    """Weights (``flat``) and gradient buffers (``grad``) for ``copies`` configurations of one model."""

    def __init__(self, model: Model, features: int, hidden: int, classes: int, copies: int,
                 rng: np.random.Generator):
        self.model = model
        self.copies = copies
        if model == "logistic":
            shapes = [(features + 1, classes)]
        else:
            shapes = [(features + 1, hidden), (hidden, classes), (1, classes)]
        size = sum(rows * cols for rows, cols in shapes)
        self.flat = np.zeros((copies, size))
        self.grad = np.zeros((copies, size))
        self.layers = self._views(self.flat, shapes)
        self.grads = self._views(self.grad, shapes)
        self._matmul = np.dot if copies == 1 else np.matmul  # same result on 2-D arrays; dot is faster
        self._width = shapes[0][0] if model == "logistic" else hidden  # the units dropout acts on
        self._workspaces: dict[int, SimpleNamespace] = {}
        # Glorot-uniform (as scikit-learn's MLPClassifier), zero biases. Drawn once and copied
        # to every configuration, so the runs of a sweep differ only in their settings.
        for index, (layer, (rows, cols)) in enumerate(zip(self.layers, shapes)):
            if rows == 1:
                continue
            fan_in = rows - 1 if index == 0 else rows
            bound = np.sqrt(6.0 / (fan_in + cols))
            layer[..., :fan_in, :] = rng.uniform(-bound, bound, size=(fan_in, cols))

    def _views(self, buffer: np.ndarray, shapes: list[tuple[int, int]]) -> list[np.ndarray]:
        views, start = [], 0
        for rows, cols in shapes:
            block = buffer[:, start:start + rows * cols]
            views.append(block.reshape(rows, cols) if self.copies == 1 else block.reshape(-1, rows, cols))
            start += rows * cols
        return views

    def per_config(self, values: np.ndarray) -> np.ndarray:
        """``values`` with a last axis of one entry per configuration, shaped to scale (K, B, n) arrays."""
        return values[..., None] if self.copies == 1 else values[..., None, None]

    def dropout_shape(self, batch: int) -> tuple[int, ...]:
        """The shape of a dropout mask for a batch (the bias column included for logistic regression)."""
        return (batch, self._width) if self.copies == 1 else (self.copies, batch, self._width)

    def _workspace(self, batch: int) -> SimpleNamespace:
        """Reusable intermediate arrays for one batch size (a run has at most two)."""
        work = self._workspaces.get(batch)
        if work is None:
            lead = () if self.copies == 1 else (self.copies,)
            classes = self.layers[-1].shape[-1]
            work = SimpleNamespace(
                logits=np.empty((*lead, batch, classes)), sums=np.empty((*lead, batch)),
                pre=np.empty((*lead, batch, self._width)), back=np.empty((*lead, batch, self._width)),
                active=np.empty((*lead, batch, self._width), dtype=bool), mask=np.empty((*lead, batch, self._width)),
                ones=np.ones((1, batch)))
            work.sums_column = work.sums[..., None]
            work.pre_t = _swap(work.pre)
            self._workspaces[batch] = work
        return work

    def gradient_sum(self, x: np.ndarray, y_onehot: np.ndarray, keep: np.ndarray | None = None,
                     scale: np.ndarray | None = None) -> np.ndarray:
        """Fill ``grad`` with the batch's summed cross-entropy gradient, times ``scale`` when given.

        Every gradient is linear in the logits' gradient, so the trainer passes
        ``lr / B`` per configuration as ``scale`` (see ``per_config``) and gets
        the SGD step itself, without another pass over all the weights.
        """
        work, matmul = self._workspace(len(x)), self._matmul
        if self.model == "logistic":
            inputs = x if keep is None else x * keep
            delta = self._softmax_minus(matmul(inputs, self.layers[0], out=work.logits), y_onehot, scale, work)
            matmul(_swap(inputs), delta, out=self.grads[0])
            return self.grad
        w1, w2, b2 = self.layers
        grad_w1, grad_w2, grad_b2 = self.grads
        hidden = matmul(x, w1, out=work.pre)
        # ReLU as a product with a 0/1 float mask, reused for the backward pass: faster than
        # np.maximum and a boolean mask, both of which take slower mixed or NaN-aware loops.
        np.greater(hidden, 0.0, out=work.active)
        np.copyto(work.mask, work.active)
        hidden *= work.mask
        if keep is not None:
            hidden *= keep
        logits = matmul(hidden, w2, out=work.logits)
        logits += b2
        delta = self._softmax_minus(logits, y_onehot, scale, work)
        matmul(work.pre_t, delta, out=grad_w2)
        matmul(work.ones, delta, out=grad_b2)
        back = matmul(delta, _swap(w2), out=work.back)
        back *= work.mask
        if keep is not None:
            back *= keep
        matmul(x.T, back, out=grad_w1)
        return self.grad

    @staticmethod
    def _softmax_minus(logits: np.ndarray, y_onehot: np.ndarray, scale: np.ndarray | None,
                       work: SimpleNamespace) -> np.ndarray:
        """(softmax(logits) - y) × scale, in place: the cross-entropy gradient with respect to the logits."""
        # No max-subtraction: it costs a slow reduction per step, and only a diverging run has
        # logits near exp's overflow; its inf/nan is then caught as divergence.
        np.exp(logits, out=logits)
        # A product with ones sums the few classes faster than a reduction along the last axis.
        np.matmul(logits, np.ones(logits.shape[-1]), out=work.sums)
        logits /= work.sums_column
        logits -= y_onehot
        if scale is not None:
            logits *= scale
        return logits

    def loss_and_accuracy(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mean cross-entropy and accuracy on ``(x, y)`` for every configuration, each shape (K,).

        Evaluation mode (no dropout), computed in the precision of ``x``: the
        trainer passes float32 copies, as deep-learning frameworks evaluate, which
        is a third faster and ample for a loss curve. Rows go through in blocks,
        which is faster than one product over all rows: see ``_BLOCK_PRODUCT``.
        """
        layers = [layer.astype(x.dtype, copy=False) for layer in self.layers]
        rows = max(32, _BLOCK_PRODUCT // (x.shape[1] * layers[0].shape[-1]))
        loss = np.zeros(self.copies)
        correct = np.zeros(self.copies)
        for start in range(0, len(y), rows):
            block_loss, block_correct = _evaluate_block(layers, x[start:start + rows], y[start:start + rows])
            loss += block_loss
            correct += block_correct
        return loss / len(y), correct / len(y)


def _evaluate_block(layers: list[np.ndarray], x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Summed loss and number correct on one block of rows."""
    if len(layers) == 1:
        logits = np.matmul(x, layers[0])
    else:
        w1, w2, b2 = layers
        hidden = np.matmul(x, w1)
        np.maximum(hidden, 0, out=hidden)
        logits = np.matmul(hidden, w2)
        logits += b2
    # A loop over the few classes beats numpy's reduction along a short last axis.
    top = logits[..., 0].copy()
    for j in range(1, logits.shape[-1]):
        np.maximum(top, logits[..., j], out=top)
    logits -= top[..., None]
    log_norm = np.log(np.matmul(np.exp(logits), np.ones(logits.shape[-1], dtype=logits.dtype)))
    picked = logits[..., np.arange(len(y)), y]  # 0 exactly where the true class has the top logit
    return (log_norm - picked).sum(axis=-1, dtype=np.float64), (picked >= 0).sum(axis=-1)
