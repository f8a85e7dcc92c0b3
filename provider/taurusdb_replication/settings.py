"""The settings declaration, for the front ends built on this package (CLI, Pulumi, yours).

Every setting of ``settings.yaml`` (its option, variables, profile keys, default, rule) as data,
and the functions that read one value by its rule, so a front end derives its options and
checks from the one declaration instead of keeping a list of its own. :func:`resolve_settings`
(the package's root) resolves them all; this module is for a front end that shows or checks
them one by one; :func:`diagnose_settings` resolves them all without raising, for a front
end that shows every setting and what is wrong (the CLI's ``config``).
"""

from __future__ import annotations

from ._conversions import MINIMUM, convert, parse_duration
from ._declaration import SettingSpec
from ._endpoints import REGIONS
from ._origin import Origin
from ._resolution import Diagnosis, check_credentials, diagnose_settings
from ._settings_table import BY_NAME, SETTINGS

__all__ = [
    "BY_NAME",
    "MINIMUM",
    "REGIONS",
    "SETTINGS",
    "Diagnosis",
    "Origin",
    "SettingSpec",
    "check_credentials",
    "convert",
    "diagnose_settings",
    "parse_duration",
]
