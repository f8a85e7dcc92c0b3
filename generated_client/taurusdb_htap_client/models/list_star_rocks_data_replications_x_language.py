from enum import StrEnum


class ListStarRocksDataReplicationsXLanguage(StrEnum):
    EN_US = "en-us"
    ZH_CN = "zh-cn"

    def __str__(self) -> str:
        return str(self.value)
