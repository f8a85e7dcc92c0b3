"""Secrets out of every line people read: the one masking rule of reprs, errors, logs and tables.

:class:`Redactor` blanks the secrets a client holds or obtains at run time (keys, fetched
tokens, signatures, proxy passwords) from text; :func:`mask_key` shows an access key as every
surface shows it; :func:`url_without_credentials` hides a URL's ``user:password@``.
"""

from __future__ import annotations

from ._logging import Redactor
from ._masks import mask_key, url_without_credentials

__all__ = ["Redactor", "mask_key", "url_without_credentials"]
