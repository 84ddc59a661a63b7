"""The ``chainrule`` command: draw a formula's graph, or train a small network and draw it.

    chainrule graph "3*(a + b*c)" a=5 b=3 c=2 -o J.svg --html J.html
    chainrule xor --out out
    chainrule train --dataset moons --hidden 16 16 --epochs 100 --out out

Exit codes: 0 done; 2 a mistake in the command (bad expression, missing
value, unknown option), with nothing written; 1 a failure while writing
(Graphviz missing, a folder that cannot be written).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

from autograd import topological_order
from autograd.expression import Expression, ExpressionError, build, parse, parse_number

from ._files import write_text
from .words import LANGUAGES, language, phrase, resolve_lang

__all__ = ["main", "make_parser", "parse_assignments", "version", "UsageError", "DATASETS"]

PROG = "chainrule"
_NAME = re.compile(r"[^\W\d]\w*")


class UsageError(ValueError):
    """A mistake in the command line: exit code 2, nothing written."""


def version() -> str:
    """The installed chainrule version (the source tree's when not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("chainrule")
    except PackageNotFoundError:
        import autograd

        return autograd.__version__


def _number(x: float) -> str:
    return f"{x:.6g}"


# ---- chainrule graph ------------------------------------------------------------


def parse_assignments(items: Sequence[str]) -> dict[str, float]:
    """``["a=5", "b=-0.5"]`` -> ``{"a": 5.0, "b": -0.5}``; UsageError for anything else.

    >>> parse_assignments(["a=5", "b = -2.5e-1"])
    {'a': 5.0, 'b': -0.25}
    """
    values: dict[str, float] = {}
    for item in items:
        name, equals, number = item.partition("=")
        name = name.strip()
        if not equals or not _NAME.fullmatch(name):
            raise UsageError(f"expected name=number after the expression, got {item!r}")
        if name in values:
            raise UsageError(f"'{name}' is given twice")
        try:
            values[name] = parse_number(number)
        except ValueError:
            raise UsageError(f"the value of '{name}' must be a decimal number, got {number.strip()!r}") from None
    return values


def _dpi(text: str) -> float:
    """argparse type of --dpi: a number from 10 to 1200."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--dpi must be a number (300 for slides), got {text!r}") from None
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"--dpi must be from 10 to 1200, got {text}")
    return value


def _check_suffix(path: Path, suffixes: tuple[str, ...], option: str) -> None:
    if path.suffix.lower() not in suffixes:
        raise UsageError(f"{option} {str(path)!r}: the file name must end in {' or '.join(suffixes)}")


#: Names the result takes when --label is not given, the first one the formula does not use.
_RESULT_NAMES = ("J", "y", "f", "out", "result")


def _result_label(expression, root, leaves: list, label: str | None) -> str:
    """The result's name: --label if given, else the formula's last step, else J (or y, f, ...).

    A name the formula already gives to one of its inputs would print as dJ/dJ: refused
    when asked for with --label, passed over otherwise (hole 19).
    """
    taken = {name for _, name in leaves if _ is not root}
    if label is not None:
        if label in taken:
            raise UsageError(f"--label {label!r} is already a name in the formula; choose another name")
        return label
    if root.label and root.label not in taken:
        return root.label  # a named last step ("J = 3*v"), or the formula is one bare name
    return next(name for name in _RESULT_NAMES if name not in taken)


def _staged(path: Path) -> Path:
    """A temporary name next to ``path``: a file written there is renamed into place once all is well."""
    return path.with_name(f".{path.name}.{os.getpid()}.partial{path.suffix}")


def run_graph(args: argparse.Namespace) -> int:
    import viz

    out = Path(args.out)
    _check_suffix(out, (".svg", ".png", ".pdf"), "-o")
    if args.html is not None:
        _check_suffix(Path(args.html), (".html", ".htm"), "--html")
    if args.gif is not None:
        _check_suffix(Path(args.gif), (".gif",), "--gif")
    if args.dpi is not None and out.suffix.lower() != ".png" and args.gif is None:
        raise UsageError(f"--dpi sets the pixels of a PNG or GIF picture; -o {str(out)!r} is not one (and no --gif)")
    expression = parse(args.expression)
    root = build(expression, parse_assignments(args.values))
    leaves = [(node, node.label) for node in topological_order(root) if node.is_leaf and node.label]
    root.label = _result_label(expression, root, leaves, args.label)
    if not args.no_grad:
        root.backward()
    # Both check the graph's size (GraphTooLargeError, a ValueError) before they write anything;
    # the stepper's limit is the lower one, so it goes first. The page and the GIF are written
    # under temporary names and renamed only after the drawing is written too: a failure leaves none.
    staged: dict[Path, Path] = {}  # each extra file -> the temporary file it is written to first
    try:
        if args.html is not None:
            staged[Path(args.html)] = viz.stepper_html(root, _staged(Path(args.html)), title=args.title)
        if args.gif is not None:
            staged[Path(args.gif)] = Path(viz.animate(root, _staged(Path(args.gif)), title=args.title, dpi=args.dpi))
        png_dpi = args.dpi if out.suffix.lower() == ".png" else None
        written = [viz.render(root, out, title=args.title, dpi=png_dpi)]
        for path, temporary in staged.items():
            os.replace(temporary, path)
            written.append(path)
    finally:
        for temporary in staged.values():
            if temporary.exists():
                temporary.unlink()

    name = root.label
    for step_name, _, tree in expression.steps:
        node = next((n for n in topological_order(root) if n.label == step_name), None)
        if node is not None and node is not root:
            print(f"{step_name} = {Expression(args.expression, tree, ()).formula()} = {_number(node.data)}")
    formula = Expression(args.expression, expression.root, ()).formula() if expression.steps else args.expression
    print(f"{name} = {formula} = {_number(root.data)}")
    if not args.no_grad:
        print("  " + "   ".join(f"d{name}/d{label} = {_number(leaf.grad)}" for leaf, label in leaves))
    for path in written:
        print(phrase("cli.wrote", path=path))
    return 0


# ---- chainrule xor / train ---------------------------------------------------------

#: Per data set: how to make it and the settings that train it well from seed 0.
DATASETS = {
    "xor": dict(hidden=[4], activation="tanh", optimizer="adam", lr=0.1, epochs=150, batch_size=4),
    "moons": dict(
        hidden=[8, 8], activation="tanh", optimizer="adam", lr=0.05, epochs=60, batch_size=10, samples=100, noise=0.1
    ),
    "circles": dict(
        hidden=[8, 8], activation="tanh", optimizer="adam", lr=0.05, epochs=60, batch_size=10, samples=100, noise=0.05
    ),
    "spirals": dict(
        hidden=[12, 12], activation="tanh", optimizer="adam", lr=0.05, epochs=50, batch_size=15, samples=150, noise=0.2
    ),
}


def _dataset(name: str, samples: int, noise: float, seed: int):
    import nn

    if name == "xor":  # the four corners; with --samples, noisy points around them
        return nn.datasets.xor() if samples is None else nn.datasets.noisy_xor(samples, noise=noise, seed=seed)
    maker = getattr(nn.datasets, name)
    return maker(samples, noise=noise, seed=seed)


def _lecture_graph(folder: Path) -> list[Path]:
    """J = 3(a + bc) at a=5, b=3, c=2 after backward: the lecture's first graph, and its stepper."""
    import viz

    J = build("u = b*c; v = a + u; J = 3*v", {"a": 5.0, "b": 3.0, "c": 2.0})  # the lecture's names
    J.backward()
    title = "J = 3(a + bc)"
    return [viz.render(J, folder / "J.svg", title=title), viz.stepper_html(J, folder / "J_steps.html", title=title)]


def _network(model, folder: Path) -> list[Path]:
    """The trained network at neuron level: one box per neuron, weights on the edges."""
    import viz

    # Weights only: after training the last batch's gradients are tiny and would crowd the edges.
    title = phrase("cli.title.network")
    return [viz.render_network(model, folder / "network.svg", title=title, show_grads=False)]


def _architecture(model) -> str:
    """``2 -> 4 tanh -> 1 sigmoid``: the layers of an nn.MLP in one line."""
    layers = getattr(model, "layers", [])
    sizes = [f"{len(layer.neurons)} {layer.neurons[0].activation}" for layer in layers]
    return " -> ".join([str(len(layers[0].neurons[0].w))] + sizes) if layers else ""


def _summary(args, model, history, seconds: float, X, y, outputs) -> str:
    import nn

    lines = [
        phrase("cli.summary.header", program=PROG, version=version(), dataset=args.dataset, count=len(X)),
        phrase("cli.summary.model", model=repr(model)),
        phrase(
            "cli.summary.training",
            optimizer=args.optimizer,
            lr=args.lr,
            epochs=history.epochs,
            batch_size=args.batch_size,
            seed=args.seed,
        ),
        phrase("cli.summary.steps", iterations=history.iterations),
        phrase("cli.summary.loss", first=f"{history.epoch_loss[0]:.4f}", last=f"{history.epoch_loss[-1]:.4f}"),
        phrase("cli.summary.accuracy", accuracy=f"{100 * nn.accuracy(outputs, y):.1f}"),
        phrase("cli.summary.time", seconds=f"{seconds:.2f}"),
    ]
    if len(X) <= 8:
        lines.append(phrase("cli.summary.predictions"))
        for row, target, out in zip(X, y, outputs):
            shown = _number(out) if isinstance(out, float) else "[" + ", ".join(_number(o) for o in out) + "]"
            x = ", ".join(_number(v) for v in row)
            lines.append(phrase("cli.summary.prediction", x=x, target=target, output=shown))
    return "\n".join(lines) + "\n"


def run_train(args: argparse.Namespace) -> int:
    import nn

    from . import plots

    if args.lr <= 0:
        raise UsageError(f"--lr must be > 0, got {args.lr}")
    for option, value in (("--epochs", args.epochs), ("--batch-size", args.batch_size), ("--samples", args.samples)):
        if value is not None and value < 1:
            raise UsageError(f"{option} must be >= 1, got {value}")
    if any(size < 1 for size in args.hidden):
        raise UsageError(f"--hidden sizes must be >= 1, got {args.hidden}")
    try:
        X, y = _dataset(args.dataset, args.samples, args.noise, args.seed)
    except ValueError as error:
        raise UsageError(str(error)) from None
    classes = len(set(y))
    if classes > 2:
        model = nn.MLP(len(X[0]), [*args.hidden, classes], activation=args.activation, seed=args.seed)
        loss = "cross_entropy"
    else:
        model = nn.MLP(
            len(X[0]), [*args.hidden, 1], activation=args.activation, output_activation="sigmoid", seed=args.seed
        )
        loss = "bce"

    args.batch_size = min(args.batch_size, len(X))  # a batch cannot hold more samples than there are
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    print(phrase("cli.training", model=repr(model), dataset=args.dataset, count=len(X)), flush=True)
    start = time.perf_counter()
    history = nn.fit(
        model,
        X,
        y,
        loss=loss,
        optimizer=args.optimizer,
        lr=args.lr,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        verbose=False if args.quiet else None if args.progress is None else args.progress,
    )
    seconds = time.perf_counter() - start
    outputs = nn.predict(model, X)

    written = _lecture_graph(folder) + _network(model, folder)
    name = "XOR" if args.dataset == "xor" else args.dataset
    pictures = {
        "loss": [folder / "loss.png", folder / "loss.svg"],
        "boundary": [folder / "decision_boundary.png", folder / "decision_boundary.svg"],
    }
    architecture = _architecture(model)
    plots.plot_loss(history, pictures["loss"], title=phrase("cli.title.loss", name=name) + "\n" + architecture)
    plots.plot_decision_boundary(
        model, X, y, pictures["boundary"], title=phrase("cli.title.boundary", name=name) + "\n" + architecture
    )
    written += pictures["loss"] + pictures["boundary"]
    summary = _summary(args, model, history, seconds, X, y, outputs)
    write_text(folder / "summary.txt", summary)
    written.append(folder / "summary.txt")
    print(summary, end="")
    for path in written:
        print(phrase("cli.wrote", path=path))
    return 0


# ---- the parser ------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples' line breaks; show an option's default when it has a real one."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.option_strings and not any(action.default is skip for skip in (None, False, argparse.SUPPRESS)):
            default = " ".join(map(str, action.default)) if isinstance(action.default, list) else action.default
            text += f" (default: {default})"
        return text


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _real(text: str) -> float:
    try:
        return parse_number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a decimal number, got {text!r}") from None


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the language of chainrule's own words in pictures and output (default: $CHAINRULE_LANG, else en)",
    )


def _training_options(parser: argparse.ArgumentParser, defaults: dict | None) -> None:
    """The model, training and output options; ``defaults`` None: they depend on --dataset."""
    defaults = defaults or dict.fromkeys(DATASETS["xor"])
    model = parser.add_argument_group("model")
    model.add_argument(
        "--hidden",
        type=_whole_number,
        nargs="+",
        metavar="N",
        default=defaults["hidden"],
        help="neurons per hidden layer, e.g. --hidden 8 8",
    )
    model.add_argument(
        "--activation",
        default=defaults["activation"],
        choices=["tanh", "relu", "leaky_relu", "sigmoid", "linear"],
        help="activation of the hidden layers",
    )
    train = parser.add_argument_group("training")
    train.add_argument(
        "--optimizer",
        default=defaults["optimizer"],
        choices=["adam", "sgd"],
        help="how the gradients update the parameters",
    )
    train.add_argument("--lr", type=_real, default=defaults["lr"], help="learning rate")
    train.add_argument(
        "--epochs", type=_whole_number, default=defaults["epochs"], metavar="N", help="passes over the data"
    )
    train.add_argument(
        "--batch-size",
        type=_whole_number,
        default=defaults["batch_size"],
        metavar="N",
        help="samples per iteration (one parameter update)",
    )
    train.add_argument(
        "--seed",
        type=_whole_number,
        default=0,
        metavar="N",
        help="seed of the data, the initial weights and the shuffling",
    )
    output = parser.add_argument_group("output")
    output.add_argument("--out", default="out", metavar="FOLDER", help="folder for the pictures and the summary")
    _language_option(output)
    bar = output.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        action="store_true",
        default=None,
        help="show the progress bar even when not on a terminal (default: only on a terminal)",
    )
    bar.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


_OUTPUTS = """\
writes into the --out folder:
  J.svg                     the lecture's graph J = 3(a + bc) after backward
  J_steps.html              a page stepping through its backward pass
  network.svg               the trained network, neuron by neuron
  loss.png, loss.svg        the loss per iteration and per epoch
  decision_boundary.png/svg what the network learned, over the data
  summary.txt               accuracy, steps and time
"""


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=79)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chainrule`` command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_wrap(
            "Backpropagation you can see: draw the computation graph of a formula with its "
            "gradients, or train a small neural network and draw what it learned."
        ),
        epilog="examples:\n"
        '  chainrule graph "3*(a + b*c)" a=5 b=3 c=2 -o J.svg --html J.html\n'
        "  chainrule xor --out out\n"
        "  chainrule train --dataset moons --hidden 8 8 --epochs 60\n\n"
        "Run 'chainrule COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    graph = commands.add_parser(
        "graph",
        formatter_class=_Formatter,
        help="draw the computation graph of a formula, with gradients",
        description=_wrap(
            "Build the computation graph of a formula, run backward, and draw it: every node "
            "shows its value and gradient, every edge the gradient flowing along it."
        ),
        epilog="formulas: numbers, names, + - * / ** (power), parentheses, and the functions\n"
        "  exp log tanh sin cos sigmoid relu leaky_relu(x) leaky_relu(x, slope) max(x, y).\n"
        "  The lecture's notation works: 3(a + bc) is 3*(a + b*c) when b and c have values,\n"
        "  and named steps 'u = b*c; v = a + u; J = 3*v' are drawn with their names.\n"
        "  -x**2 means -(x**2), as in Python. Nothing in the formula is run as code.\n"
        "  A formula starting with '-' needs '--' in front: chainrule graph -- \"-a*b\" a=1 b=2\n\n"
        "examples:\n"
        '  chainrule graph "3(a + bc)" a=5 b=3 c=2 -o J.svg --html J.html\n'
        '  chainrule graph "u = b*c; v = a + u; J = 3*v" a=5 b=3 c=2 --lang ko\n'
        '  chainrule graph "tanh(w*x + b)" w=0.5 x=2 b=-1 -o neuron.svg',
    )
    graph.add_argument("expression", help='the formula, in quotes: "3*(a + b*c)"')
    graph.add_argument("values", nargs="*", metavar="NAME=NUMBER", help="a value for every name in the formula")
    graph.add_argument(
        "-o", "--out", default="graph.svg", metavar="FILE", help="the drawing to write: .svg, .png or .pdf"
    )
    graph.add_argument("--html", metavar="FILE", help="also write a page that steps through the backward pass")
    graph.add_argument("--no-grad", action="store_true", help="draw the forward values only (no backward pass)")
    graph.add_argument(
        "--label",
        metavar="TEXT",
        help="the name of the formula's result in the drawing (default: its last step's name, else J)",
    )
    graph.add_argument("--title", metavar="TEXT", help="a heading for the drawing (and the --html page, the --gif)")
    graph.add_argument("--gif", metavar="FILE", help="also write the backward pass as an animated GIF")
    graph.add_argument("--dpi", type=_dpi, metavar="N", help="dots per inch of a .png and the --gif (300: slides)")
    _language_option(graph)
    graph.set_defaults(run=run_graph)

    xor = commands.add_parser(
        "xor",
        formatter_class=_Formatter,
        help="train a network on XOR and draw everything (the demo)",
        description=_wrap(
            "Train a small MLP on the four XOR points (no single neuron can learn XOR; "
            "one hidden layer can), then draw the network, the loss curve and the decision "
            "boundary."
        ),
        epilog=_OUTPUTS,
    )
    _training_options(xor, DATASETS["xor"])
    xor.set_defaults(run=run_train, dataset="xor", samples=None, noise=0.0)

    train = commands.add_parser(
        "train",
        formatter_class=_Formatter,
        help="train a network on a 2-D data set and draw it",
        description=_wrap(
            "Train an MLP on a 2-D data set (xor, moons, circles, spirals) and draw what it "
            "learned. Model and training options left out take the data set's defaults "
            "(listed below)."
        ),
        epilog=_OUTPUTS
        + "\ndefaults per data set:\n"
        + "\n".join(
            f"  {name:8} " + ", ".join(f"{key}={value}" for key, value in settings.items())
            for name, settings in DATASETS.items()
        ),
    )
    train.add_argument("--dataset", choices=list(DATASETS), default="xor", help="the data to learn")
    train.add_argument(
        "--samples",
        type=_whole_number,
        metavar="N",
        help="number of points (for xor: noisy points around the four corners)",
    )
    train.add_argument("--noise", type=_real, metavar="STD", help="spread of the points around their curve")
    _training_options(train, None)
    train.set_defaults(run=run_train)
    return parser


def _fill_dataset_defaults(args: argparse.Namespace) -> None:
    """Options left out of ``chainrule train`` take the chosen data set's defaults."""
    for key, value in DATASETS[args.dataset].items():
        if getattr(args, key, None) is None:
            setattr(args, key, value)
    if args.noise is None:
        args.noise = 0.15 if args.dataset == "xor" else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``chainrule`` command with ``argv`` (default: the command line); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error argparse already printed
        return stop.code if isinstance(stop.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 2
    where = f"{PROG} {args.command}"
    try:
        if args.command == "train":
            _fill_dataset_defaults(args)
        with language(resolve_lang(args.lang)):  # every viz function called below writes in it
            return args.run(args)
    except ExpressionError as error:
        pointer = "\n".join("  " + line for line in error.pointer().split("\n"))
        print(f"{where}: error: {error}\n{pointer}", file=sys.stderr)
        return 2
    except (UsageError, ValueError) as error:
        print(f"{where}: error: {error}", file=sys.stderr)
        return 2
    except (OSError, RuntimeError, ImportError) as error:
        print(f"{where}: failed: {error}", file=sys.stderr)
        return 1
