"""viz.plots for the lecture notes: validation curves, hidden spaces, weight pictures, loss surfaces."""

from types import SimpleNamespace

import pytest

pytest.importorskip("matplotlib")

from viz import plots  # noqa: E402


def test_loss_plot_draws_the_validation_curve_next_to_the_training_loss():
    history = SimpleNamespace(
        loss=[0.9, 0.6, 0.4, 0.3],
        epoch_loss=[0.9, 0.6, 0.4, 0.3],
        accuracy=[0.5, 0.6, 0.8, 0.9],
        val_loss=[1.0, 0.7, 0.8, 0.95],
        val_accuracy=[0.5, 0.6, 0.55, 0.5],
    )
    loss_axes, accuracy_axes = plots.plot_loss(history).axes
    curves = {line.get_label(): list(line.get_ydata()) for line in loss_axes.lines}
    assert curves["validation loss per epoch"] == [1.0, 0.7, 0.8, 0.95]
    assert curves["loss (full batch: iteration = epoch)"] == [0.9, 0.6, 0.4, 0.3]
    lowest = loss_axes.collections[0].get_offsets().tolist()
    assert lowest == [[2.0, 0.7]]  # the bottom of the U: epoch 2
    accuracies = {line.get_label(): list(line.get_ydata()) for line in accuracy_axes.lines}
    assert accuracies["validation accuracy per epoch"] == pytest.approx([50.0, 60.0, 55.0, 50.0])
