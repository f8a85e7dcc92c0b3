"""Every setting, generated from settings.yaml by scripts/regenerate: do not edit
(see ``scripts/codegen/settings_table.py``; the shapes are in ``_declaration.py``)."""

from __future__ import annotations

from types import MappingProxyType

from ._declaration import Family, ProfileFileSpec, SettingSpec

SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        name="region",
        type="string",
        validation="region_format",
        description=(
            "Huawei Cloud region (e.g. cn-north-4); picks the endpoint from the region "
            "table unless an endpoint is set."
        ),
        default=None,
        secret=False,
        python="region",
        cli="--region",
        env=("HW_REGION_NAME",),
        pulumi="region",
        terraform="region",
        profile_ini="region",
        profile_shared="region",
    ),
    SettingSpec(
        name="endpoint",
        type="url",
        validation="service_url",
        description=("Base URL of the TaurusDB API (e.g. the emulator's); overrides the region table."),
        default=None,
        secret=False,
        python="endpoint",
        cli="--endpoint",
        env=("TAURUSDB_ENDPOINT",),
        pulumi="endpoint",
        terraform="endpoint",
    ),
    SettingSpec(
        name="project_id",
        type="string",
        validation="project_id_format",
        description="Project id the instances belong to (32 letters or digits).",
        default=None,
        secret=False,
        python="project_id",
        cli="--project-id",
        env=("HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"),
        pulumi="projectId",
        terraform="project_id",
        profile_ini="project_id",
        profile_shared="projectId",
    ),
    SettingSpec(
        name="auth_token",
        type="string",
        validation="nonempty_string",
        description="IAM token (X-Auth-Token), instead of an access key pair.",
        default=None,
        secret=True,
        python="token",
        cli="--token",
        env=("HW_AUTH_TOKEN",),
        pulumi="authToken",
        terraform="auth_token",
        group="credentials",
    ),
    SettingSpec(
        name="access_key",
        type="string",
        validation="nonempty_string",
        description="Access key id (AK) of an access key pair.",
        default=None,
        secret=False,
        python="access_key",
        cli=None,
        env=("HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"),
        pulumi="accessKey",
        terraform="access_key",
        profile_ini="ak",
        profile_shared="accessKeyId",
        group="credentials",
        display="masked_key",
    ),
    SettingSpec(
        name="secret_key",
        type="string",
        validation="nonempty_string",
        description="Secret access key (SK) of an access key pair.",
        default=None,
        secret=True,
        python="secret_key",
        cli=None,
        env=("HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"),
        pulumi="secretKey",
        terraform="secret_key",
        profile_ini="sk",
        profile_shared="secretAccessKey",
        group="credentials",
    ),
    SettingSpec(
        name="security_token",
        type="string",
        validation="nonempty_string",
        description="Security token of temporary access keys (needs the key pair beside it).",
        default=None,
        secret=True,
        python="security_token",
        cli=None,
        env=("HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"),
        pulumi="securityToken",
        terraform="security_token",
        profile_ini="security_token",
        profile_shared="securityToken",
        group="credentials",
    ),
    SettingSpec(
        name="user_name",
        type="string",
        validation="nonempty_string",
        description="IAM user name, for password authentication (with password and domain_name).",
        default=None,
        secret=False,
        python="user_name",
        cli=None,
        env=("HW_USER_NAME",),
        pulumi="userName",
        terraform="user_name",
        group="credentials",
    ),
    SettingSpec(
        name="password",
        type="string",
        validation="nonempty_string",
        description="IAM user's password, exchanged for a project-scoped token.",
        default=None,
        secret=True,
        python="password",
        cli=None,
        env=("HW_USER_PASSWORD",),
        pulumi="password",
        terraform="password",
        group="credentials",
    ),
    SettingSpec(
        name="domain_name",
        type="string",
        validation="nonempty_string",
        description="IAM account (domain) name of the user, for password authentication.",
        default=None,
        secret=False,
        python="domain_name",
        cli=None,
        env=("HW_DOMAIN_NAME",),
        pulumi="domainName",
        terraform="domain_name",
        group="credentials",
    ),
    SettingSpec(
        name="auth_url",
        type="url",
        validation="service_url",
        description=(
            "IAM endpoint for password authentication; default: the region's IAM (the "
            "global one without a region)."
        ),
        default=None,
        secret=False,
        python="iam_endpoint",
        cli="--auth-url",
        env=("HW_AUTH_URL", "HUAWEICLOUD_SDK_IAM_ENDPOINT"),
        pulumi="authUrl",
        terraform="auth_url",
    ),
    SettingSpec(
        name="profile",
        type="string",
        validation="nonempty_string",
        description=(
            "Profile to read: a section of the INI credentials file (default basic) or a "
            "profile of the shared config file (default its current one)."
        ),
        default=None,
        secret=False,
        python="profile",
        cli="--profile",
        env=("TAURUSDB_PROFILE", "HW_PROFILE"),
        pulumi="profile",
        terraform="profile",
    ),
    SettingSpec(
        name="credentials_file",
        type="path",
        validation="nonempty_string",
        description="The vendor SDK's INI credentials file.",
        default="~/.huaweicloud/credentials",
        secret=False,
        python="credentials_file",
        cli="--credentials-file",
        env=("HUAWEICLOUD_SDK_CREDENTIALS_FILE",),
        pulumi="credentialsFile",
        terraform="credentials_file",
    ),
    SettingSpec(
        name="shared_config_file",
        type="path",
        validation="nonempty_string",
        description=(
            "The vendor CLI's JSON shared config file; when set, it is the profile file "
            "instead of the INI file."
        ),
        default=None,
        secret=False,
        python="shared_config_file",
        cli="--shared-config-file",
        env=("HW_SHARED_CONFIG_FILE",),
        pulumi="sharedConfigFile",
        terraform="shared_config_file",
    ),
    SettingSpec(
        name="max_retries",
        type="integer",
        validation="non_negative_integer",
        description="Retries of a failed request (429, 5xx, network); 0 sends one request.",
        default=5,
        secret=False,
        python="max_retries",
        cli="--max-retries",
        env=("HW_MAX_RETRIES",),
        pulumi="maxRetries",
        terraform="max_retries",
    ),
    SettingSpec(
        name="request_timeout",
        type="duration",
        validation="positive_duration",
        description=(
            "Timeout of each request, in seconds or with units (30s); connecting gets at most 10 s of it."
        ),
        default=30,
        secret=False,
        python="timeout",
        cli="--request-timeout",
        env=("TAURUSDB_REQUEST_TIMEOUT",),
        pulumi="requestTimeout",
        terraform="request_timeout",
    ),
    SettingSpec(
        name="concurrency",
        type="integer",
        validation="positive_integer",
        description="Pages fetched at once when listing (it adapts down under throttling).",
        default=16,
        secret=False,
        python="concurrency",
        cli="--concurrency",
        env=("TAURUSDB_CONCURRENCY",),
        pulumi="concurrency",
        terraform="concurrency",
    ),
    SettingSpec(
        name="language",
        type="enum",
        validation="language",
        description="Language of the service's error messages (X-Language).",
        default="en-us",
        secret=False,
        python="language",
        cli="--language",
        env=("TAURUSDB_LANGUAGE",),
        pulumi="language",
        terraform="language",
        values=("en-us", "zh-cn"),
    ),
    SettingSpec(
        name="ca_bundle",
        type="path",
        validation="existing_file",
        description="PEM file of CA certificates to trust instead of the system's.",
        default=None,
        secret=False,
        python="ca_bundle",
        cli="--ca-bundle",
        env=("TAURUSDB_CA_BUNDLE",),
        pulumi="caBundle",
        terraform="ca_bundle",
    ),
    SettingSpec(
        name="insecure",
        type="boolean",
        validation="boolean",
        description="Turn TLS certificate verification off (never in production).",
        default=False,
        secret=False,
        python="insecure",
        cli="--insecure",
        env=("HW_INSECURE",),
        pulumi="insecure",
        terraform="insecure",
    ),
    SettingSpec(
        name="proxy",
        type="url",
        validation="proxy_url",
        description=(
            "HTTP(S) proxy for every request; when unset, the standard proxy variables "
            "apply (HTTPS_PROXY, NO_PROXY, ...)."
        ),
        default=None,
        secret=False,
        python="proxy",
        cli="--proxy",
        env=("TAURUSDB_PROXY",),
        pulumi="proxy",
        terraform="proxy",
        display="masked_userinfo",
        standard_env=True,
    ),
    SettingSpec(
        name="instance_id",
        type="string",
        validation="instance_id_format",
        description="StarRocks instance id (36 letters or digits) a command reads.",
        default=None,
        secret=False,
        python=None,
        cli="--instance-id",
        env=("TAURUSDB_INSTANCE_ID",),
        pulumi=None,
        terraform=None,
        scope="command",
    ),
)
"""In declaration order (the order of ``config``, ``--help`` and the docs)."""

BY_NAME: MappingProxyType[str, SettingSpec] = MappingProxyType({s.name: s for s in SETTINGS})

FAMILIES: tuple[Family, ...] = (
    Family(id="hw", prefix="HW_", description="the vendor's Terraform provider and command line"),
    Family(id="sdk", prefix="HUAWEICLOUD_SDK_", description="the vendor's SDKs"),
    Family(id="taurusdb", prefix="TAURUSDB_", description="this project"),
)

PROFILE_FILES: tuple[ProfileFileSpec, ...] = (
    ProfileFileSpec(
        format="ini",
        setting="credentials_file",
        default_path="~/.huaweicloud/credentials",
        default_section="basic",
    ),
    ProfileFileSpec(
        format="shared", setting="shared_config_file", default_path=None, default_section="current"
    ),
)

VALIDATIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "nonempty_string": "any text; surrounding blanks are removed",
        "region_format": "lower-case words and a number joined by dashes, such as cn-north-4",
        "project_id_format": "exactly 32 letters or digits",
        "instance_id_format": "exactly 36 letters or digits",
        "service_url": (
            "an http(s) URL with a host, no user:password@, no query or fragment; http"
            " only for a loopback host (localhost, 127.0.0.0/8, ::1, "
            "::ffff:127.0.0.0/104); trailing slashes are removed"
        ),
        "proxy_url": (
            "an http:// or https:// URL with a host (user:password@ allowed, never "
            "shown); no query or fragment"
        ),
        "non_negative_integer": "an integer >= 0 (from text: digits only)",
        "positive_integer": "an integer >= 1 (from text: digits only)",
        "positive_duration": (
            "more than 0 seconds; from text a number of seconds (30, 1.5) or "
            "amounts with units ms, s, m, h, d (500ms, 30s, 1m30s)"
        ),
        "language": "one of the enum's values, any letter case; resolved in lower case",
        "existing_file": "the path of an existing file (`~` expanded)",
        "boolean": "true or false; from text true/false, yes/no, on/off, 1/0 in any letter case",
    }
)
"""Validation id -> the rule in words (an error's ``rule_id`` is one of these or of RULES)."""

RULES: MappingProxyType[str, str] = MappingProxyType(
    {
        "precedence": (
            "Each setting takes the first value found in: explicit (argument, CLI "
            "option, Pulumi config, Terraform attribute), then its environment "
            "variables in order, then the profile file, then its default. An explicit "
            "false or 0 is a value (insecure=false beats HW_INSECURE=true); null, and "
            'for text the empty string, mean "not given".'
        ),
        "credentials_one_source": (
            "The credential settings (group credentials) are resolved as a "
            "group from the first source holding any of them, sources in "
            "this order: explicit, environment family hw, environment "
            "family sdk, profile. Values never mix sources: a half set in "
            "that source is an error (credentials_incomplete) naming every "
            "missing setting, never a fall-through."
        ),
        "credentials_priority": (
            "Within the chosen source: a token (auth_token) wins over an "
            "access key pair (access_key + secret_key, with security_token "
            "when temporary), which wins over a password (user_name + "
            "password + domain_name). What triggers a kind: auth_token; "
            "access_key, secret_key or security_token; user_name or password "
            "(domain_name alone triggers nothing). Only the winning kind must"
            " be complete."
        ),
        "credentials_incomplete": (
            "Error: the chosen source holds part of a kind; `missing` lists"
            " the settings absent from that source."
        ),
        "password_auth_unsupported": (
            "Error in a language without IAM password authentication "
            "(TypeScript and Go today): the winning kind is a password. "
            "Triggers and completeness are judged first, as everywhere."
        ),
        "credentials_required": "Error: no source holds any credential.",
        "project_id_required": "Error: no source holds a project id.",
        "endpoint_from_region": (
            "The endpoint is, in order: an explicit endpoint; the region "
            "table for an explicit region (rule "
            "explicit_region_beats_environment_endpoint); TAURUSDB_ENDPOINT; "
            "the region table for a region from the environment or the "
            "profile. Origin of a table lookup: region_table."
        ),
        "explicit_region_beats_environment_endpoint": (
            "An explicit region picks the endpoint from the region table even when TAURUSDB_ENDPOINT is set."
        ),
        "region_or_endpoint_required": "Error: no endpoint and no region in any source.",
        "unknown_region": "Error: the region must pick the endpoint but is not in the region table.",
        "iam_endpoint_from_region": (
            "auth_url, when no source sets it, is "
            "https://iam.{region}.myhuaweicloud.com/v3 for the resolved "
            "region, else https://iam.myhuaweicloud.com/v3 (origin "
            "default). Never derived from the endpoint."
        ),
        "profile_one_file": (
            "One profile file is read: the shared config file when "
            "shared_config_file is set, else the INI file."
        ),
        "profile_not_found": (
            "Error: the profile named (by the profile setting, or the shared "
            "file's current) is not in the file."
        ),
        "profile_file_missing": (
            "Error: the shared config file (read only when named) or, for a "
            "named profile, the INI file does not exist."
        ),
        "profile_file_invalid": ("Error: the profile file cannot be parsed (INI syntax, JSON, UTF-8)."),
        "tls_verify": (
            "TLS verification is off when insecure is true; else it trusts ca_bundle "
            "when set; else the system's CAs."
        ),
        "proxy_from_standard_environment": (
            "The proxy is the proxy setting when any source sets "
            "it. Otherwise, for an https endpoint: https_proxy, "
            "HTTPS_PROXY, all_proxy, ALL_PROXY (first set); for an"
            " http endpoint: http_proxy, HTTP_PROXY, all_proxy, "
            "ALL_PROXY. Then no_proxy / NO_PROXY (first set) may "
            "exclude the endpoint's host: entries separated by "
            "commas, blanks removed, `*` matches every host, an "
            "entry matches the host itself or any host under it (a"
            " leading dot optional), an entry with :port only that"
            " port, letter case ignored, no CIDR ranges. Loopback "
            "hosts (localhost, 127.0.0.0/8, ::1, "
            "::ffff:127.0.0.0/104) are never proxied from the "
            "environment. Origin: environment with the variable's "
            "name (or NO_PROXY's name when it excludes, value "
            "null)."
        ),
    }
)
"""Rule id -> the rule in words (settings.yaml, rules:)."""

PRECEDENCE: tuple[str, ...] = ("explicit", "environment", "profile", "default")
