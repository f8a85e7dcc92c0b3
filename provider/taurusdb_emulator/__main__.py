"""``python -m taurusdb_emulator``: the same command as ``taurusdb-replication emulator``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
