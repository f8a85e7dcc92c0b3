"""Error answers of the service (``DBS.``) and of the API gateway (``APIGW.``).

Service messages follow ``X-Language`` (en-us / zh-cn) as the real service does; gateway
messages are English only, as the real gateway's are. Gateway bodies carry ``request_id``,
service bodies do not (api-facts.md section 8).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aiohttp import web

LANGUAGES = ("en-us", "zh-cn")

INVALID_PARAMETER = "DBS.200001"
INSTANCE_NOT_FOUND = "DBS.200022"
INTERNAL_ERROR = "DBS.200412"
API_NOT_FOUND = "APIGW.0101"
BACKEND_UNAVAILABLE = "APIGW.0202"
AUTH_FAILED = "APIGW.0301"
FORBIDDEN = "APIGW.0302"
THROTTLED = "APIGW.0308"

# Rules for each validated parameter, in both languages: (en-us, zh-cn).
PARAMETER_RULES: dict[str, tuple[str, str]] = {
    "project_id": ("must be 32 letters or digits", "必须是32位字母或数字"),
    "instance_id": (
        "must be 36 letters or digits (32 hex digits followed by in17)",
        "必须是36位字母或数字（32位十六进制数字加后缀in17）",  # noqa: RUF001 - Chinese punctuation
    ),
    "limit": ("must be an integer from 1 to 100", "必须是1到100之间的整数"),
    "offset": ("must be an integer of 0 or more", "必须是大于或等于0的整数"),
    "X-Language": ("must be en-us or zh-cn", "必须是en-us或zh-cn"),
}

_SERVICE_MESSAGES: dict[str, tuple[str, str]] = {
    INSTANCE_NOT_FOUND: ("Instance not found.", "实例不存在。"),
    INTERNAL_ERROR: ("Internal server error.", "服务内部错误。"),
}

BAD_GATEWAY_HTML = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
    "</center><hr><center>nginx</center></body></html>"
)


@dataclass(frozen=True)
class ApiError(Exception):
    """An error answer, raised from anywhere in request handling and rendered by the middleware."""

    status: int
    code: str
    message: str
    gateway: bool = False
    retry_after: int | None = None
    allow: str | None = None

    def body(self, request_id: str) -> dict[str, str]:
        """The JSON error body; the gateway adds ``request_id``."""
        body = {"error_code": self.code, "error_msg": self.message}
        if self.gateway:
            body["request_id"] = request_id
        return body

    def response(self, request_id: str) -> web.Response:
        """Render as an aiohttp response (the middleware adds ``X-Request-Id``)."""
        headers = {}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        if self.allow is not None:
            headers["Allow"] = self.allow
        return web.Response(
            status=self.status,
            text=json.dumps(self.body(request_id), ensure_ascii=False),
            content_type="application/json",
            headers=headers,
        )


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "zh-cn" else pair[0]


def invalid_parameter(name: str, language: str) -> ApiError:
    """400 naming the parameter and its rule."""
    rule = _pick(PARAMETER_RULES[name], language)
    if language == "zh-cn":
        return ApiError(400, INVALID_PARAMETER, f"参数{name}无效：{rule}。")  # noqa: RUF001
    return ApiError(400, INVALID_PARAMETER, f"Invalid parameter {name}: {rule}.")


def instance_not_found(language: str) -> ApiError:
    """400 ``DBS.200022``, the vendor page's own example error."""
    return ApiError(400, INSTANCE_NOT_FOUND, _pick(_SERVICE_MESSAGES[INSTANCE_NOT_FOUND], language))


def internal_error(language: str) -> ApiError:
    """500 ``DBS.200412`` (only ever injected as a fault, or on an emulator bug)."""
    return ApiError(500, INTERNAL_ERROR, _pick(_SERVICE_MESSAGES[INTERNAL_ERROR], language))


def auth_failed(detail: str) -> ApiError:
    """401 ``APIGW.0301`` with the reason, which never contains a secret."""
    return ApiError(401, AUTH_FAILED, f"Incorrect IAM authentication information: {detail}", gateway=True)


def forbidden(detail: str) -> ApiError:
    """403 ``APIGW.0302``."""
    return ApiError(
        403, FORBIDDEN, f"The IAM user is forbidden in the currently selected region: {detail}", gateway=True
    )


def throttled(retry_after: int) -> ApiError:
    """429 ``APIGW.0308`` with ``Retry-After`` in whole seconds."""
    return ApiError(
        429, THROTTLED, "The throttling threshold has been reached", gateway=True, retry_after=retry_after
    )


def api_not_found() -> ApiError:
    """404 ``APIGW.0101`` for paths the gateway does not publish."""
    return ApiError(
        404,
        API_NOT_FOUND,
        "The API does not exist or has not been published in the environment",
        gateway=True,
    )


def method_not_allowed(allow: str) -> ApiError:
    """405 with ``Allow`` (the real gateway answers 404 here; 405 is what HTTP asks for)."""
    return ApiError(405, API_NOT_FOUND, "The API does not exist.", gateway=True, allow=allow)


def backend_unavailable() -> ApiError:
    """503 gateway JSON error (an injected fault)."""
    return ApiError(503, BACKEND_UNAVAILABLE, "Backend unavailable.", gateway=True)
