"""Who is on the other end of a request: the client's address, as the trusted
reverse proxies in front of antq report it.

Behind nginx, `REMOTE_ADDR` is nginx's address for every request; the
client's is the last address nginx appended to `X-Forwarded-For`. That header
is written by whoever sends the request, so only the part appended by proxies
antq trusts is believed (`settings.TRUSTED_PROXIES`, from
`ANTQ_TRUSTED_PROXIES`):

- networks (`127.0.0.1,10.0.0.0/8`): walking the chain from the right, the
  first address that is not a trusted proxy is the client; a request whose
  `REMOTE_ADDR` is not a trusted proxy is its own client (the header is
  ignored, so a client cannot name another address);
- a number of hops (`2`): the last `n` addresses of the chain are proxies
  and the one before them is the client. Only safe when antq cannot be
  reached except through those proxies.

The sign-in throttle, the audit log and the job log all key on
`client_address`, so an attacker behind the proxy locks out their own address,
not everybody's.
"""

import ipaddress

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_trusted_proxies(raw: str) -> int | tuple[Network, ...]:
    """`ANTQ_TRUSTED_PROXIES` read: "" → no proxy (0 hops), "2" → two hops,
    "127.0.0.1,10.0.0.0/8" → those networks. Raises ValueError on anything
    else, so a typo stops start-up instead of trusting the wrong hosts."""
    raw = raw.strip()
    if not raw:
        return 0
    if raw.isdigit():
        return int(raw)
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in raw.split(","))


def _address(text: str | None) -> Address | None:
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    """The client's IP address (None without one): `REMOTE_ADDR`, or the
    address the trusted proxies say they received the request from."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part.strip() for part in forwarded if part.strip()]
    trusted = settings.TRUSTED_PROXIES
    if isinstance(trusted, int):
        return str(_by_hops(remote, forwarded, trusted))
    networks = tuple(ipaddress.ip_network(n, strict=False) for n in trusted)
    return str(_by_networks(remote, forwarded, networks))


def _by_hops(remote: Address, forwarded: list[str], hops: int) -> Address:
    chain = [*forwarded, str(remote)]
    if hops == 0 or len(chain) <= hops:
        return remote  # the request did not come through every proxy
    nearest = remote
    for text in reversed(chain[-(hops + 1) : -1]):
        address = _address(text)
        if address is None:
            return nearest  # garbage: believe the last proxy that was readable
        nearest = address
    return nearest


def _by_networks(remote: Address, forwarded: list[str], networks: tuple[Network, ...]) -> Address:
    if not _trusted(remote, networks):
        return remote
    nearest = remote
    for text in reversed(forwarded):
        address = _address(text)
        if address is None:
            return nearest
        if not _trusted(address, networks):
            return address
        nearest = address
    return nearest
