"""What both clients share: the environment-driven constructors and the refusal to be pickled."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn, Self

import httpx

from ._config import OPTION_NAMES, ClientConfig, config_for
from ._credentials import Settings, resolve_settings
from ._resolution import ARGUMENTS, check_keywords


class ClientBase:
    """The constructors :meth:`from_settings` and :meth:`from_env` of both clients (which take
    the same keyword arguments), and no pickling (a client holds credentials and connections)."""

    if TYPE_CHECKING:  # the constructor these classmethods call

        def __init__(
            self,
            *,
            project_id: str,
            auth: httpx.Auth,
            region: str | None = None,
            endpoint: str | None = None,
            config: ClientConfig | None = None,
            transport: httpx.AsyncBaseTransport | None = None,
            **options: Any,
        ) -> None: ...

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Any,
    ) -> Self:
        """A client from resolved :class:`Settings` (see :func:`resolve_settings`).

        The options the settings found apply over ``config`` as :func:`config_for` says (an
        explicit setting always, one from the environment unless ``config`` sets the option);
        ``options`` (``page_size=``, ...) apply over both.
        """
        base = config_for(settings, config)
        return cls(
            project_id=settings.project_id,
            auth=settings.auth(),
            endpoint=settings.endpoint,
            region=settings.region,
            config=base.with_options(**options),
            transport=transport,
        )

    @classmethod
    def from_env(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Any,
    ) -> Self:
        """A client from explicit settings, then the environment, then the profile file.

        ``options`` are settings (``region=``, ``project_id=``, ``max_retries=``, ``timeout=``,
        ... as for :func:`resolve_settings`) and other client options (``page_size=``, ...).
        """
        settings = {k: v for k, v in options.items() if k in ARGUMENTS}
        others = {k: v for k, v in options.items() if k not in ARGUMENTS}
        check_keywords("from_env", others, OPTION_NAMES)  # named here: the user did not call with_options()
        return cls.from_settings(
            resolve_settings(environ=environ, **settings), config=config, transport=transport, **others
        )

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"{type(self).__name__} holds credentials and connections and cannot be pickled")
