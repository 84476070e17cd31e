"""Start the LocalStack runtime on the host: `python localstack_launcher.py`.

Runs the same entry point as LocalStack's Docker supervisor (`python -m localstack.runtime.main`)
after three adjustments:
  - the twisted gateway ignores the host part of GATEWAY_LISTEN for IPv4 and listens on 0.0.0.0;
    here it binds to that host (127.0.0.1).
  - loopback only: LocalStack phones home from several places (analytics, SSL cert download, the
    "remote service catalog" fetched when an unsupported operation is called). The env vars set
    by stack.ts switch most of these off; this guard makes any other attempt fail fast instead.
  - CKP_LOCALSTACK_CACHE_DIR, if set, replaces LocalStack's cache dir, so the service catalog
    index (3-4 s to build) is built once per install rather than once per data dir.
"""

import ipaddress
import os
import runpy
import socket
import warnings


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = host.strip("[]").split("%")[0]
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def _guard_network() -> None:
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: blocked, loopback only")
        return real_getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host):
        if not _is_local(host):
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: blocked, loopback only")
        return real_gethostbyname(host)

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise ConnectionRefusedError(f"connect to {address[0]} blocked, loopback only")

    def connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex


def _bind_gateway_to_listen_host() -> None:
    from twisted.internet import endpoints

    listen = os.environ.get("GATEWAY_LISTEN", "127.0.0.1:4566").split(",")[0].strip()
    host = listen.rsplit(":", 1)[0] if ":" in listen else listen
    base = endpoints.TCP4ServerEndpoint

    class BoundTCP4ServerEndpoint(base):
        def __init__(self, reactor, port, backlog=50, interface=""):
            super().__init__(reactor, port, backlog, interface or host or "127.0.0.1")

    endpoints.TCP4ServerEndpoint = BoundTCP4ServerEndpoint


def _use_shared_cache_dir() -> None:
    cache = os.environ.get("CKP_LOCALSTACK_CACHE_DIR")
    if cache:
        from localstack import config

        os.makedirs(cache, exist_ok=True)
        config.dirs.cache = cache


if __name__ == "__main__":
    # twisted's TLS *client* hostname checks need service_identity; LocalStack only serves.
    warnings.filterwarnings("ignore", message=".*service_identity.*")
    _guard_network()
    _bind_gateway_to_listen_host()
    _use_shared_cache_dir()
    runpy.run_module("localstack.runtime.main", run_name="__main__", alter_sys=True)
