"""django-tables2 reads the signature of a column's render and linkify callables at every cell
(`inspect.signature`, ~0.1 ms each): a third of the time of a 25-row list. A function's
signature never changes, so it is read once per function (bound or not) and kept as long as
the function lives."""

import types
import weakref

from django_tables2 import utils

_originale = utils.signature
_lues = {True: weakref.WeakKeyDictionary(), False: weakref.WeakKeyDictionary()}


def signature(fn):
    fonction = getattr(fn, "__func__", fn)
    if not isinstance(fonction, types.FunctionType):
        return _originale(fn)
    lues = _lues[fonction is not fn]  # a bound method's signature drops its first argument
    try:
        return lues[fonction]
    except KeyError:
        lues[fonction] = resultat = _originale(fn)
        return resultat


def installer():
    utils.signature = signature
