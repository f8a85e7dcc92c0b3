from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.star_rocks_replication_info import StarRocksReplicationInfo


T = TypeVar("T", bound="ReplicationPage")


@_attrs_define
class ReplicationPage:
    """One page of data synchronisation tasks. Every field may be missing or null."""

    total_count: int | None | str | Unset = UNSET
    """ Total number of tasks of the instance (not of this page). The page types it as
    a string; the service sends a JSON number.
     """
    replications: list[StarRocksReplicationInfo] | None | Unset = UNSET
    """ The tasks of this page. """
    ext_text: None | str | Unset = UNSET
    """ Extended field (null in practice). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_count: int | None | str | Unset
        if isinstance(self.total_count, Unset):
            total_count = UNSET
        else:
            total_count = self.total_count

        replications: list[dict[str, Any]] | None | Unset
        if isinstance(self.replications, Unset):
            replications = UNSET
        elif isinstance(self.replications, list):
            replications = []
            for replications_type_0_item_data in self.replications:
                replications_type_0_item = replications_type_0_item_data.to_dict()
                replications.append(replications_type_0_item)

        else:
            replications = self.replications

        ext_text: None | str | Unset
        if isinstance(self.ext_text, Unset):
            ext_text = UNSET
        else:
            ext_text = self.ext_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total_count is not UNSET:
            field_dict["total_count"] = total_count
        if replications is not UNSET:
            field_dict["replications"] = replications
        if ext_text is not UNSET:
            field_dict["ext_text"] = ext_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.star_rocks_replication_info import StarRocksReplicationInfo  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_total_count(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        total_count = _parse_total_count(d.pop("total_count", UNSET))

        def _parse_replications(data: object) -> list[StarRocksReplicationInfo] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                replications_type_0 = []
                _replications_type_0 = data
                for replications_type_0_item_data in _replications_type_0:
                    replications_type_0_item = StarRocksReplicationInfo.from_dict(replications_type_0_item_data)

                    replications_type_0.append(replications_type_0_item)

                return replications_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[StarRocksReplicationInfo] | None | Unset, data)

        replications = _parse_replications(d.pop("replications", UNSET))

        def _parse_ext_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ext_text = _parse_ext_text(d.pop("ext_text", UNSET))

        replication_page = cls(
            total_count=total_count,
            replications=replications,
            ext_text=ext_text,
        )

        replication_page.additional_properties = d
        return replication_page

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
