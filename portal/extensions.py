"""Every Flask extension object, created unbound and initialised in the factory."""

from ipaddress import ip_address, ip_network

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def client_address() -> str:
    """The client's address for rate limits; the proxy fix has already resolved trusted hops.

    An IPv6 client counts as its /64: one subscriber line holds 2^64 addresses of its own.
    """
    address = request.remote_addr or "unknown"
    try:
        parsed = ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    if parsed.ipv4_mapped is not None:  # ::ffff:203.0.113.9 is the IPv4 client it names
        return str(parsed.ipv4_mapped)
    return str(ip_network(f"{parsed}/64", strict=False))


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_address, default_limits=[])


def core_read(statement, parameters: dict | None = None):
    """Run a read of table columns on the session's connection (its transaction), past the
    session's ORM steps, which cost more than a small read itself (issue 15). Nothing pending
    in the session is flushed first: for reads of what is committed."""
    return db.session.connection().execute(statement, parameters)
