from enum import StrEnum


class ReplicationStage(StrEnum):
    CANCELLED = "cancelled"
    CANCELLED_CAPITALISED = "Cancelled"
    FULL = "full"
    FULL_CAPITALISED = "Full"
    INCREMENTAL = "incremental"
    INCREMENTAL_CAPITALISED = "Incremental"
    PAUSED = "paused"
    PAUSED_CAPITALISED = "Paused"
    WAIT = "wait"
    WAIT_CAPITALISED = "Wait"

    def __str__(self) -> str:
        return str(self.value)
