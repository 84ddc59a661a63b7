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
import functools
import os
import re
import sys
import time
import unicodedata
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
        phrase("cli.summary.model", model=str(model)),
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
    print(phrase("cli.training", model=str(model), dataset=args.dataset, count=len(X)), flush=True)
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
#
# Every word of --help comes from the catalogue, in the language of _help_language(argv).
# argparse's own headings are replaced through its hooks, not by patching it: the
# formatter's usage prefix, argument groups with our titles (argparse leaves out its
# empty default groups), and add_help=False with our own -h/--help.


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples' line breaks; write "usage:" and an option's real default in ``lang``."""

    def __init__(self, prog: str, *, lang: str = "en", show_defaults: bool = True, **options) -> None:
        super().__init__(prog, **options)
        self._lang = lang
        self._show_defaults = show_defaults

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, phrase("cli.usage", self._lang) if prefix is None else prefix)

    def _format_action(self, action: argparse.Action) -> str:
        # argparse pads the option column by len(), but a Korean letter is two columns wide
        # on a terminal: take the extra columns out of the padding so that the help lines up.
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = _columns(invocation) - len(invocation)
        head, _, rest = text.partition(invocation)
        if extra and rest.startswith(" " * (extra + 2)) and not rest.startswith("\n"):
            text = head + invocation + rest[extra:]
        return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(text, width).splitlines()  # by columns, as for the descriptions

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        no_default = any(action.default is skip for skip in (None, False, argparse.SUPPRESS))
        if self._show_defaults and action.option_strings and not no_default:
            default = " ".join(map(str, action.default)) if isinstance(action.default, list) else action.default
            text += phrase("cli.default", self._lang, default=default)
        return text


def _help_language(argv: Sequence[str]) -> str:
    """The language of --help and usage: a ``--lang`` anywhere before a bare ``--``, else
    ``CHAINRULE_LANG``, else English; one argparse will refuse anyway falls back to English.

    >>> _help_language(["graph", "x", "x=1", "--lang", "ko"]), _help_language(["--lang=ko", "--help"])
    ('ko', 'ko')
    >>> _help_language(["graph", "--", "--lang", "ko"])  # after --, words are the formula's
    'en'
    """
    chosen = None
    for i, item in enumerate(argv):
        if item == "--":
            break
        name, equals, value = item.partition("=")
        if len(name) >= 4 and "--lang".startswith(name):  # argparse accepts --lan for --lang too
            chosen = value if equals else (argv[i + 1] if i + 1 < len(argv) else None)
    try:
        return resolve_lang(chosen if chosen in LANGUAGES else None)
    except ValueError:  # a bad CHAINRULE_LANG: main() reports it once a command runs
        return LANGUAGES[0]


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


def _help_option(group, lang: str) -> None:
    """-h/--help with its help in ``lang`` (argparse's own one is English)."""
    group.add_argument("-h", "--help", action="help", help=phrase("cli.help.help", lang))


def _language_option(group, lang: str, default: object = argparse.SUPPRESS) -> None:
    # A command's --lang is SUPPRESSed when not given, so that it leaves "chainrule --lang ko xor" alone.
    group.add_argument("--lang", choices=LANGUAGES, default=default, help=phrase("cli.help.lang", lang))


def _training_options(parser: argparse.ArgumentParser, defaults: dict | None, lang: str) -> None:
    """The model, training and output options; ``defaults`` None: they depend on --dataset."""
    defaults = defaults or dict.fromkeys(DATASETS["xor"])
    model = parser.add_argument_group(phrase("cli.group.model", lang))
    model.add_argument(
        "--hidden",
        type=_whole_number,
        nargs="+",
        metavar="N",
        default=defaults["hidden"],
        help=phrase("cli.train.hidden", lang, example="--hidden 8 8"),
    )
    model.add_argument(
        "--activation",
        default=defaults["activation"],
        choices=["tanh", "relu", "leaky_relu", "sigmoid", "linear"],
        help=phrase("cli.train.activation", lang),
    )
    train = parser.add_argument_group(phrase("cli.group.training", lang))
    train.add_argument(
        "--optimizer", default=defaults["optimizer"], choices=["adam", "sgd"], help=phrase("cli.train.optimizer", lang)
    )
    train.add_argument("--lr", type=_real, default=defaults["lr"], help=phrase("cli.train.lr", lang))
    train.add_argument(
        "--epochs", type=_whole_number, default=defaults["epochs"], metavar="N", help=phrase("cli.train.epochs", lang)
    )
    train.add_argument(
        "--batch-size",
        type=_whole_number,
        default=defaults["batch_size"],
        metavar="N",
        help=phrase("cli.train.batch_size", lang),
    )
    train.add_argument("--seed", type=_whole_number, default=0, metavar="N", help=phrase("cli.train.seed", lang))
    output = parser.add_argument_group(phrase("cli.group.output", lang))
    output.add_argument(
        "--out", default="out", metavar=phrase("cli.metavar.folder", lang), help=phrase("cli.train.out", lang)
    )
    _language_option(output, lang)
    bar = output.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", default=None, help=phrase("cli.train.progress", lang))
    bar.add_argument("-q", "--quiet", action="store_true", help=phrase("cli.train.quiet", lang))


#: What ``chainrule xor`` and ``train`` write into --out, each with the catalogue key that says what it is.
_OUTPUTS = (
    ("J.svg", "graph"),
    ("J_steps.html", "steps"),
    ("network.svg", "network"),
    ("loss.png, loss.svg", "loss"),
    ("decision_boundary.png/svg", "boundary"),
    ("summary.txt", "summary"),
)


def _outputs(lang: str) -> str:
    lines = [phrase("cli.outputs", lang)]
    lines += [f"  {name:25} {phrase('cli.outputs.' + key, lang)}" for name, key in _OUTPUTS]
    return "\n".join(lines) + "\n"


def _functions(lang: str) -> str:
    """The functions a formula may call, as the expression language spells them."""
    slope = phrase("cli.metavar.slope", lang)  # leaky_relu's slope for x < 0: a word, in the help's language
    return f"exp log tanh sin cos sigmoid relu leaky_relu(x) leaky_relu(x, {slope}) max(x, y)"


def _examples(lang: str, *commands: str) -> str:
    return phrase("cli.examples", lang) + "\n" + "\n".join("  " + command for command in commands)


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a Korean letter takes two."""
    return sum(2 if unicodedata.east_asian_width(letter) in "WF" else 1 for letter in text)


def _wrap(text: str, width: int = 79) -> str:
    """``textwrap.fill`` by terminal columns rather than letters, so that Korean lines fit too."""
    lines: list[str] = []
    for word in text.split():
        if lines and _columns(lines[-1]) + 1 + _columns(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def make_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``chainrule`` command, its help in ``lang`` (see ``resolve_lang``)."""
    lang = resolve_lang(lang)

    def formatter(show_defaults: bool = True):
        return functools.partial(_Formatter, lang=lang, show_defaults=show_defaults)

    def options(parser: argparse.ArgumentParser):
        group = parser.add_argument_group(phrase("cli.group.options", lang))
        _help_option(group, lang)
        return group

    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=formatter(show_defaults=False),
        add_help=False,
        description=_wrap(phrase("cli.description", lang)),
        epilog=_examples(
            lang,
            'chainrule graph "3*(a + b*c)" a=5 b=3 c=2 -o J.svg --html J.html',
            "chainrule xor --out out",
            "chainrule train --dataset moons --hidden 8 8 --epochs 60",
        )
        + "\n\n"
        + phrase("cli.more", lang, program=PROG, command=phrase("cli.metavar.command", lang)),
    )
    top = options(parser)
    top.add_argument(
        "--version", action="version", version=f"%(prog)s {version()}", help=phrase("cli.help.version", lang)
    )
    _language_option(top, lang, default=None)
    commands = parser.add_subparsers(
        title=phrase("cli.group.commands", lang), dest="command", metavar=phrase("cli.metavar.command", lang)
    )

    graph = commands.add_parser(
        "graph",
        formatter_class=formatter(),
        add_help=False,
        help=phrase("cli.graph.help", lang),
        description=_wrap(phrase("cli.graph.description", lang)),
        epilog=phrase("cli.graph.formulas", lang, functions=_functions(lang))
        + ' chainrule graph -- "-a*b" a=1 b=2\n\n'
        + _examples(
            lang,
            'chainrule graph "3(a + bc)" a=5 b=3 c=2 -o J.svg --html J.html',
            'chainrule graph "u = b*c; v = a + u; J = 3*v" a=5 b=3 c=2 --lang ko',
            'chainrule graph "tanh(w*x + b)" w=0.5 x=2 b=-1 -o neuron.svg',
        ),
    )
    given = graph.add_argument_group(phrase("cli.group.positional", lang))
    given.add_argument(
        "expression", metavar=phrase("cli.metavar.formula", lang), help=phrase("cli.graph.expression", lang)
    )
    given.add_argument(
        "values", nargs="*", metavar=phrase("cli.metavar.assignment", lang), help=phrase("cli.graph.values", lang)
    )
    file, text = phrase("cli.metavar.file", lang), phrase("cli.metavar.text", lang)
    chosen = options(graph)
    chosen.add_argument("-o", "--out", default="graph.svg", metavar=file, help=phrase("cli.graph.out", lang))
    chosen.add_argument("--html", metavar=file, help=phrase("cli.graph.html", lang))
    chosen.add_argument("--no-grad", action="store_true", help=phrase("cli.graph.no_grad", lang))
    chosen.add_argument("--label", metavar=text, help=phrase("cli.graph.label", lang))
    chosen.add_argument("--title", metavar=text, help=phrase("cli.graph.title", lang))
    chosen.add_argument("--gif", metavar=file, help=phrase("cli.graph.gif", lang))
    chosen.add_argument("--dpi", type=_dpi, metavar="N", help=phrase("cli.graph.dpi", lang))
    _language_option(chosen, lang)
    graph.set_defaults(run=run_graph)

    xor = commands.add_parser(
        "xor",
        formatter_class=formatter(),
        add_help=False,
        help=phrase("cli.xor.help", lang),
        description=_wrap(phrase("cli.xor.description", lang)),
        epilog=_outputs(lang),
    )
    options(xor)
    _training_options(xor, DATASETS["xor"], lang)
    xor.set_defaults(run=run_train, dataset="xor", samples=None, noise=0.0)

    train = commands.add_parser(
        "train",
        formatter_class=formatter(),
        add_help=False,
        help=phrase("cli.train.help", lang),
        description=_wrap(phrase("cli.train.description", lang)),
        epilog=_outputs(lang)
        + "\n"
        + phrase("cli.train.defaults", lang)
        + "\n"
        + "\n".join(
            f"  {name:8} " + ", ".join(f"{key}={value}" for key, value in settings.items())
            for name, settings in DATASETS.items()
        ),
    )
    data = options(train)
    data.add_argument("--dataset", choices=list(DATASETS), default="xor", help=phrase("cli.train.dataset", lang))
    data.add_argument("--samples", type=_whole_number, metavar="N", help=phrase("cli.train.samples", lang))
    data.add_argument(
        "--noise", type=_real, metavar=phrase("cli.metavar.spread", lang), help=phrase("cli.train.noise", lang)
    )
    _training_options(train, None, lang)
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
    parser = make_parser(_help_language(argv))
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
