"""PyTorch's own computational graph, read into a :class:`lab3.graph.Graph`.

Every tensor computed from one that requires a gradient carries ``grad_fn``,
the node that will differentiate the operation that made it; each node lists
the nodes of its inputs in ``next_functions``. A leaf tensor such as the
weights appears as an ``AccumulateGrad`` node, the one that adds the incoming
gradient into ``w.grad``. Walking these links from the output gives the graph
that ``output.backward()`` runs through.
"""

from __future__ import annotations

from .._validate import InputError, InputTypeError, instance
from .core import Edge, Graph, Node, plain_value


def _walk(root):
    """Every node below ``root``, each after its inputs, and the edges (input, consumer)."""
    order, edges, seen = [], [], {id(root)}
    stack = [(root, iter(root.next_functions))]  # keeps the visited nodes alive
    while stack:
        fn, children = stack[-1]
        for child, _ in children:
            if child is None:  # an input that needs no gradient, e.g. the data x
                continue
            edges.append((child, fn))
            if id(child) not in seen:
                seen.add(id(child))
                stack.append((child, iter(child.next_functions)))
                break
        else:
            stack.pop()
            order.append(fn)
    return order, edges


def _tensor_of(fn, names):
    """The named tensor that ``fn`` belongs to: the leaf it accumulates into, or its output."""
    leaf = getattr(fn, "variable", None)
    for name, t in names.items():
        if (t is leaf) if leaf is not None else (t.grad_fn is fn):
            return name, t
    return None, leaf


def _checked(output, names) -> dict:
    """``names`` as a dict, once ``output`` is known to carry an autograd graph."""
    import torch

    instance("output", output, torch.Tensor, "a torch.Tensor")
    names = dict(instance("names", {} if names is None else names, dict, "a dict of tensors"))
    for name, t in names.items():
        if not isinstance(t, torch.Tensor):
            raise InputTypeError(f"names[{name!r}] must be a torch.Tensor, got {type(t).__name__}")
    if output.grad_fn is None:
        if output.requires_grad:
            raise InputError("output is a leaf tensor: it was created, not computed by an "
                             "operation, so it has no autograd graph to draw")
        raise InputError("output has no autograd graph: it does not require grad. Compute it "
                         "from a tensor with requires_grad=True, outside torch.no_grad()")
    return names


def backward_order(output, names=None) -> tuple[str, ...]:
    """Run ``output.backward()`` and name the nodes in the order PyTorch's engine ran them.

    A pre-hook on every node below ``output.grad_fn`` records each node as the
    engine calls it, with the gradient of its result complete. The engine runs a
    node once every node it feeds has run; among the nodes ready at once it picks
    ``AccumulateGrad`` first, then the operation computed last in the forward pass.

    Parameters
    ----------
    output : torch.Tensor of shape ()
        A scalar computed from at least one tensor with ``requires_grad=True``.
    names : dict of str to torch.Tensor, optional
        As for :func:`autograd_graph`: a leaf names its ``AccumulateGrad`` node,
        any other tensor the node of the operation that made it.

    Returns
    -------
    order : tuple of str
        The names of the named nodes, in the order they ran; unnamed nodes are left out.
    """
    names = _checked(output, names)
    if output.numel() != 1:
        raise InputError(f"output must be a single number to run backward(), got shape "
                         f"{tuple(output.shape)}")
    nodes, _ = _walk(output.grad_fn)
    ran = []
    hooks = [fn.register_prehook(lambda grads, fn=fn: ran.append(fn)) for fn in nodes]
    try:
        output.backward()
    except RuntimeError as err:  # the graph's saved values are gone after a first backward()
        raise InputError(f"output's graph cannot run backward(): {err}") from None
    finally:
        for hook in hooks:
            hook.remove()
    return tuple(name for name in (_tensor_of(fn, names)[0] for fn in ran) if name is not None)


def autograd_graph(output, names=None, *, title=None) -> Graph:
    """The graph PyTorch recorded while computing ``output``, from ``output.grad_fn``.

    Parameters
    ----------
    output : torch.Tensor
        A tensor computed from at least one tensor with ``requires_grad=True``.
    names : dict of str to torch.Tensor, optional
        Names for the nodes, e.g. ``{"w": w, "L": L}``: a leaf names its
        ``AccumulateGrad`` node, any other tensor the node of the operation that
        made it. A named node shows the tensor's value, and its ``.grad`` when
        PyTorch kept one. Names of tensors that are not in the graph (such as
        data that needs no gradient) are ignored.
    title : str, optional

    Returns
    -------
    graph : Graph
        Nodes in the order the inputs come first; edges from input to consumer,
        drawn pointing backward, as ``backward()`` runs through them.
    """
    names = _checked(output, names)
    title = None if title is None else instance("title", title, str, "text")
    order, links = _walk(output.grad_fn)
    index = {id(fn): i for i, fn in enumerate(order)}
    nodes = []
    for i, fn in enumerate(order):
        name, t = _tensor_of(fn, names)
        if t is None and fn is output.grad_fn:
            t = output
        keeps_grad = t is not None and (t.is_leaf or t.retains_grad) and t.grad is not None
        leaf = t is not None and t.is_leaf
        kind = "output" if fn is output.grad_fn else "param" if leaf else "op"
        nodes.append(Node(f"n{i}", type(fn).__name__, name, kind,
                          None if t is None else plain_value(t),
                          plain_value(t.grad) if keeps_grad else None))
    edges = [Edge(f"n{index[id(a)]}", f"n{index[id(b)]}") for a, b in links]
    title = title or f"PyTorch's autograd graph of {nodes[-1].name or nodes[-1].label}"
    return Graph(tuple(nodes), tuple(edges), title,
                 direction="backward", grad_name="{}.grad",
                 notes=("Arrows: from each grad_fn to its next_functions, "
                        "the way backward() runs.",))
