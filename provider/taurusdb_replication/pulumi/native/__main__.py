"""``python -m taurusdb_replication.pulumi.native ENGINE_ADDRESS``: serve the plugin."""

from . import main

main()
