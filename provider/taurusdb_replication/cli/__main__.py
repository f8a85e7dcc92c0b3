"""``python -m taurusdb_replication.cli``: the same as the ``taurusdb-replication`` script."""

from . import main

if __name__ == "__main__":
    main()
