"""Every exported function and class has a numpydoc docstring and type hints (issue 15, narrowed by issue 23).

"Exported" means a function or class named in ``framings.__all__`` or in the ``__all__`` of a stage
subpackage (``framings.text``, ``framings.stats``, ...), or defined in ``framings.course`` without a leading
underscore. For each exported function the docstring, parsed with ``numpydoc.docscrape``, must have

* a ``Parameters`` section when the function takes parameters (besides ``self``/``cls``), naming
  exactly the parameters of the signature (``*args``/``**kwargs`` included, with or without stars);
* a ``Returns`` (or ``Yields``) section unless the function is annotated ``-> None``;
* a ``Raises`` section when the function's own body contains a ``raise`` statement
  (a bare re-raise ``raise`` and raises inside nested functions do not count);
* an ``Examples`` section with at least one doctest (``>>>``),
* a description under every parameter (``name : type`` on one line, the text indented below it),

and every parameter and the return must carry a type hint. An exported class needs a docstring; its public
methods need one honest line (as scikit-learn exempts methods from its example rule). The examples run as
doctests (``--doctest-modules`` over ``src/framings``, see ``pyproject.toml``).
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
import warnings

import pytest
from numpydoc.docscrape import NumpyDocString

import framings

SELF_NAMES = {"self", "cls"}


def public_modules() -> list[str]:
    """The stage subpackages and the teaching module: ``framings.clean`` ... ``framings.course``."""
    return sorted([*(f"framings.{stage}" for stage in framings.STAGES), "framings.course"])


def _methods(cls: type) -> list[tuple[str, object]]:
    found = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isfunction(value):
            found.append((f"{cls.__name__}.{name}", value))
    return found


def public_objects() -> tuple[dict[str, object], dict[str, type], dict[str, object]]:
    """``({"stage.function": function}, {"stage.Class": class}, {"stage.Class.method": method})``."""
    functions: dict[str, object] = {}
    classes: dict[str, type] = {}
    methods: dict[str, object] = {}

    def add(module_name: str, name: str, obj: object) -> None:
        if inspect.isclass(obj):
            classes[f"{module_name}.{name}"] = obj
            for method_name, method in _methods(obj):
                methods[f"{module_name}.{method_name}"] = method
            return
        obj = inspect.unwrap(obj) if callable(obj) else obj  # lru_cache, functools.wraps
        if inspect.isfunction(obj):
            functions[f"{module_name}.{name}"] = obj

    for module_name in public_modules():
        module = importlib.import_module(module_name)
        if module_name == "framings.course":
            names = [n for n, obj in vars(module).items()
                     if not n.startswith("_") and getattr(obj, "__module__", None) == module_name]
        else:
            names = module.__all__
        for name in names:
            add(module_name, name, getattr(module, name))
    for name in framings.__all__:
        obj = getattr(framings, name)
        if inspect.ismodule(obj):
            continue
        add(obj.__module__.rsplit("._", 1)[0], name, obj)
    return functions, classes, methods


def _own_raises(function: object) -> bool:
    """Whether the function's own body (not a nested def or lambda) has a ``raise X`` statement."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return False
    tree = ast.parse(source)
    definition = tree.body[0]
    stack = list(ast.iter_child_nodes(definition))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Raise) and node.exc is not None:
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def _documented_names(entries) -> list[str]:
    names = []
    for entry in entries:
        for name in entry.name.split(","):
            name = name.strip().lstrip("*")
            if name:
                names.append(name)
    return names


def _is_none(annotation: object) -> bool:
    return annotation is None or annotation is type(None) or annotation == "None"


def problems(function: object) -> list[str]:
    """What the docstring and signature of ``function`` lack, as short phrases (empty: all good)."""
    found: list[str] = []
    raw = inspect.getdoc(function)
    if not raw:
        return ["no docstring"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unknown section or a malformed heading is a problem too
        try:
            doc = NumpyDocString(raw)
        except Exception as error:  # noqa: BLE001  (numpydoc raises ValueError or warns)
            return [f"docstring does not parse as numpydoc ({error})"]
    signature = inspect.signature(function)
    parameters = [p for p in signature.parameters.values() if p.name not in SELF_NAMES]
    documented = _documented_names([*doc["Parameters"], *doc["Other Parameters"]])
    if parameters and not doc["Parameters"]:
        found.append("missing Parameters")
    elif parameters or documented:
        names = [p.name for p in parameters]
        undocumented = [n for n in names if n not in documented]
        unknown = [n for n in documented if n not in names]
        if undocumented:
            found.append(f"parameters not documented: {', '.join(undocumented)}")
        if unknown:
            found.append(f"documented but not in the signature: {', '.join(unknown)}")
        bare = [entry.name for entry in doc["Parameters"] if not entry.desc]
        if bare:  # "name : text" on one line makes the text the type; write "name : type", then the text indented
            found.append(f"parameters without a description (or without a type): {', '.join(bare)}")
    if signature.return_annotation is inspect.Signature.empty:
        found.append("no return type hint")
    elif not _is_none(signature.return_annotation) and not (doc["Returns"] or doc["Yields"]):
        found.append("missing Returns")
    unhinted = [p.name for p in parameters if p.annotation is inspect.Parameter.empty]
    if unhinted:
        found.append(f"no type hint on: {', '.join(unhinted)}")
    if _own_raises(function) and not doc["Raises"]:
        found.append("missing Raises")
    if not any(">>>" in line for line in doc["Examples"]):
        found.append("missing Examples")
    return found


# --------------------------------------------------------------------------
# the checker can fail: toy functions that lack what it looks for
# --------------------------------------------------------------------------
def _toy_bare(values, scale=2):
    """Multiply."""
    if scale < 0:
        raise ValueError("negative")
    return [v * scale for v in values]


def _toy_good(values: list[float], scale: float = 2.0) -> list[float]:
    """Multiply every value.

    Parameters
    ----------
    values : list of float
        The numbers.
    scale : float, default 2.0
        The factor.

    Returns
    -------
    list of float
        ``values`` times ``scale``.

    Raises
    ------
    ValueError
        When ``scale`` is negative.

    Examples
    --------
    >>> _toy_good([1.0, 2.0])
    [2.0, 4.0]
    """
    if scale < 0:
        raise ValueError("negative")
    return [v * scale for v in values]


def _toy_wrong_names(values: list[float], *, factor: float = 1.0) -> None:
    """Do nothing.

    Parameters
    ----------
    values : list of float
        The numbers.
    scale : float
        Not a parameter.

    Examples
    --------
    >>> _toy_wrong_names([1.0])
    """


def _toy_type_as_text(values: list[float]) -> None:
    """Do nothing.

    Parameters
    ----------
    values : the numbers to ignore.

    Examples
    --------
    >>> _toy_type_as_text([1.0])
    """


def test_checker_wants_a_type_and_a_description_per_parameter():
    assert problems(_toy_type_as_text) == ["parameters without a description (or without a type): values"]


def test_checker_flags_every_missing_part():
    assert problems(_toy_bare) == [
        "missing Parameters", "no return type hint", "no type hint on: values, scale",
        "missing Raises", "missing Examples"]


def test_checker_passes_a_complete_docstring():
    assert problems(_toy_good) == []


def test_checker_compares_documented_and_actual_parameters():
    assert problems(_toy_wrong_names) == [
        "parameters not documented: factor", "documented but not in the signature: scale"]


def test_checker_ignores_raises_in_nested_functions_and_bare_reraise():
    def outer(x: int) -> int:
        def inner() -> None:
            raise ValueError("nested")
        try:
            return x
        except TypeError:
            raise
    assert not _own_raises(outer)
    assert _own_raises(_toy_bare)


def test_public_objects_are_found():
    functions, classes, methods = public_objects()
    assert "framings.text.tf_idf" in functions  # keys carry the stage's name
    assert "framings.topics.stability_null" in functions  # one dot down counts too
    assert "framings.errors.CorpusError" in classes
    assert "framings.coding.CodingSession.code" in methods
    assert not [name for name in functions if name.split(".")[-1].startswith("_")]
    assert len(functions) > 140


# --------------------------------------------------------------------------
# the package itself
# --------------------------------------------------------------------------
def test_every_public_function_has_numpydoc_sections_and_type_hints():
    functions, _, _ = public_objects()
    offenders = [f"{name}: {problem}" for name, function in sorted(functions.items())
                 for problem in problems(function)]
    assert not offenders, (f"{len(offenders)} docstring/type-hint problems (numpydoc sections Parameters, "
                           "Returns, Raises, Examples; a hint on every parameter and the return):\n"
                           + "\n".join(offenders))


def test_every_public_class_has_a_docstring():
    _, classes, _ = public_objects()
    # a dataclass without a docstring gets its signature as __doc__ ("Name(field: type, ...)"): not a docstring
    missing = [name for name, cls in sorted(classes.items())
               if not (cls.__doc__ or "").strip() or cls.__doc__.startswith(f"{cls.__name__}(")]
    assert not missing, f"public classes without a docstring: {missing}"


def test_every_public_method_has_one_honest_line():
    _, _, methods = public_objects()
    missing = [name for name, method in sorted(methods.items()) if not (inspect.getdoc(method) or "").strip()]
    assert not missing, f"public methods without a docstring: {missing}"


def _all_modules() -> list[str]:
    """Every module of the package, private ones included (each needs a docstring saying what it holds)."""
    return sorted(info.name for info in pkgutil.walk_packages(framings.__path__, "framings."))


@pytest.mark.parametrize("module_name", _all_modules())
def test_module_has_a_docstring(module_name):
    module = importlib.import_module(module_name)
    assert (module.__doc__ or "").strip(), f"{module_name} has no module docstring"
