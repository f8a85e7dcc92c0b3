from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_stage import ReplicationStage
from ..types import UNSET, Unset

T = TypeVar("T", bound="StarRocksReplicationInfo")


@_attrs_define
class StarRocksReplicationInfo:
    """One data synchronisation task. Every field may be missing or null, and fields not
    listed here may appear; keep them.

    """

    source_database: None | str | Unset = UNSET
    """ TaurusDB (source) database, 3 to 1,024 characters. """
    target_database: None | str | Unset = UNSET
    """ Destination StarRocks database, 3 to 128 letters, digits or underscores. """
    task_name: None | str | Unset = UNSET
    """ Synchronisation task name, 3 to 128 letters, digits or underscores. """
    status: None | str | Unset = UNSET
    """ Current status: `Yes` normal, `No` abnormal. """
    stage: None | ReplicationStage | str | Unset = UNSET
    """ Synchronisation stage. The page lists lower-case values; the service sends them
    capitalised. Compare case-insensitively and keep values not listed.
     """
    percentage: float | None | str | Unset = UNSET
    """ Progress percentage (0-100), a JSON number or a string. """
    catchup_stage: None | ReplicationStage | str | Unset = UNSET
    """ Catch-up stage, same values as `stage`; usually null. """
    catchup_percentage: float | None | str | Unset = UNSET
    """ Catch-up progress percentage, a JSON number or a string. """
    is_need_repair: bool | None | str | Unset = UNSET
    """ Undocumented by the page; whether the task needs repair (`"true"`/`"false"` on the wire). """
    is_main_task: bool | None | str | Unset = UNSET
    """ Undocumented by the page; whether this is the instance's main task (`"true"`/`"false"` on the wire). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_database: None | str | Unset
        if isinstance(self.source_database, Unset):
            source_database = UNSET
        else:
            source_database = self.source_database

        target_database: None | str | Unset
        if isinstance(self.target_database, Unset):
            target_database = UNSET
        else:
            target_database = self.target_database

        task_name: None | str | Unset
        if isinstance(self.task_name, Unset):
            task_name = UNSET
        else:
            task_name = self.task_name

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        stage: None | str | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        elif isinstance(self.stage, ReplicationStage):
            stage = self.stage.value
        else:
            stage = self.stage

        percentage: float | None | str | Unset
        if isinstance(self.percentage, Unset):
            percentage = UNSET
        else:
            percentage = self.percentage

        catchup_stage: None | str | Unset
        if isinstance(self.catchup_stage, Unset):
            catchup_stage = UNSET
        elif isinstance(self.catchup_stage, ReplicationStage):
            catchup_stage = self.catchup_stage.value
        else:
            catchup_stage = self.catchup_stage

        catchup_percentage: float | None | str | Unset
        if isinstance(self.catchup_percentage, Unset):
            catchup_percentage = UNSET
        else:
            catchup_percentage = self.catchup_percentage

        is_need_repair: bool | None | str | Unset
        if isinstance(self.is_need_repair, Unset):
            is_need_repair = UNSET
        else:
            is_need_repair = self.is_need_repair

        is_main_task: bool | None | str | Unset
        if isinstance(self.is_main_task, Unset):
            is_main_task = UNSET
        else:
            is_main_task = self.is_main_task

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if source_database is not UNSET:
            field_dict["source_database"] = source_database
        if target_database is not UNSET:
            field_dict["target_database"] = target_database
        if task_name is not UNSET:
            field_dict["task_name"] = task_name
        if status is not UNSET:
            field_dict["status"] = status
        if stage is not UNSET:
            field_dict["stage"] = stage
        if percentage is not UNSET:
            field_dict["percentage"] = percentage
        if catchup_stage is not UNSET:
            field_dict["catchup_stage"] = catchup_stage
        if catchup_percentage is not UNSET:
            field_dict["catchup_percentage"] = catchup_percentage
        if is_need_repair is not UNSET:
            field_dict["is_need_repair"] = is_need_repair
        if is_main_task is not UNSET:
            field_dict["is_main_task"] = is_main_task

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_source_database(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_database = _parse_source_database(d.pop("source_database", UNSET))

        def _parse_target_database(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_database = _parse_target_database(d.pop("target_database", UNSET))

        def _parse_task_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        task_name = _parse_task_name(d.pop("task_name", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_stage(data: object) -> None | ReplicationStage | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stage_type_0 = ReplicationStage(data)

                return stage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReplicationStage | str | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))

        def _parse_percentage(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        percentage = _parse_percentage(d.pop("percentage", UNSET))

        def _parse_catchup_stage(data: object) -> None | ReplicationStage | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                catchup_stage_type_0 = ReplicationStage(data)

                return catchup_stage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReplicationStage | str | Unset, data)

        catchup_stage = _parse_catchup_stage(d.pop("catchup_stage", UNSET))

        def _parse_catchup_percentage(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        catchup_percentage = _parse_catchup_percentage(d.pop("catchup_percentage", UNSET))

        def _parse_is_need_repair(data: object) -> bool | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | str | Unset, data)

        is_need_repair = _parse_is_need_repair(d.pop("is_need_repair", UNSET))

        def _parse_is_main_task(data: object) -> bool | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | str | Unset, data)

        is_main_task = _parse_is_main_task(d.pop("is_main_task", UNSET))

        star_rocks_replication_info = cls(
            source_database=source_database,
            target_database=target_database,
            task_name=task_name,
            status=status,
            stage=stage,
            percentage=percentage,
            catchup_stage=catchup_stage,
            catchup_percentage=catchup_percentage,
            is_need_repair=is_need_repair,
            is_main_task=is_main_task,
        )

        star_rocks_replication_info.additional_properties = d
        return star_rocks_replication_info

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
