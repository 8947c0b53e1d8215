from functools import lru_cache

from user_agents import parse


@lru_cache(maxsize=512)
def device_describe(user_agent: str) -> str:
    """A readable label such as "Chrome 131 on macOS 14"; parsing is slow, so repeated agents are cached."""
    if not user_agent:
        return "Unknown device"
    agent = parse(user_agent[:512])
    browser = f"{agent.browser.family} {agent.browser.version_string.split('.')[0]}".strip()
    system = f"{agent.os.family} {agent.os.version_string}".strip()
    if agent.browser.family == "Other" and agent.os.family == "Other":
        return user_agent[:60]
    return f"{browser} on {system}"[:200]
