"""``python -m taurusdb_emulator``: the same command as ``taurusdb-replication emulator``."""

from .cli import emulator_command

if __name__ == "__main__":
    emulator_command(prog_name="python -m taurusdb_emulator")
