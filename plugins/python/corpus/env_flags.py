"""Read boolean feature flags from environment variables."""
import os

TRUTHY = {"1", "true", "yes", "on"}
FALSY = {"0", "false", "no", "off", ""}


def env_flag(name, default=False, *, environ=None):
    value = (environ if environ is not None else os.environ).get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUTHY:
        return True
    if value.strip().lower() in FALSY:
        return False
    raise ValueError(f"{name}={value!r} is not a boolean")


if __name__ == "__main__":
    print({flag: env_flag(flag) for flag in ("DEBUG", "VERBOSE", "CI")})
