"""The client address used for rate limits: X-Forwarded-For counts only when a trusted proxy sent it."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def ip_or_none(address: str | None) -> str | None:
    """The address in its canonical text form, or None when it is not an IP address."""
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from one of DJANGO_TRUSTED_PROXIES (whose X-Forwarded-For and X-Request-ID
    are believed)."""
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    return bool(networks) and _is_trusted(request.META.get("REMOTE_ADDR", ""), networks)


def client_ip(request: HttpRequest) -> str:
    remote_addr: str = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote_addr, networks):
        return remote_addr
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # Walk back from the nearest hop: the first address not belonging to our own proxies is the client.
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote_addr
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else remote_addr


# One IPv6 customer usually holds a whole /64 (SLAAC, privacy addresses): counting per /128 would give an attacker
# 2**64 fresh identities. IPv4 is counted per address.
IPV6_RATE_PREFIX = 64


def rate_limit_identity(address: str | None) -> str:
    """The identity rate limits and login delays count under: the IPv4 address (also when written IPv4-mapped,
    ::ffff:a.b.c.d), the /64 of an IPv6 address, or the text as given when it is no address at all."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return address or ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{ip}/{IPV6_RATE_PREFIX}", strict=False))
    return str(ip)
