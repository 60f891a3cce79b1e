"""Who may write: on a writable server every write carries ``Authorization: Bearer TOKEN``, the
token given to `frontline serve --writable` in the environment variable FRONTLINE_TOKEN.

Without the header (or with another scheme) the answer is 401 with a ``WWW-Authenticate:
Bearer`` challenge; with a token that is not the server's, 403. Tokens are compared in constant
time and never logged. Reads never need a token.
"""

from __future__ import annotations

import hmac

from flask import request

from server.http.protocol import ProtocolError

REALM = "Frontline KG"


def presented_token() -> str | None:
    scheme, _, credentials = (request.headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


def holds_token(token: str | None) -> bool:
    presented = presented_token()
    return bool(token) and presented is not None and hmac.compare_digest(presented.encode(), token.encode())


def require_writer(token: str | None) -> None:
    """Refuse (ProtocolError 401 or 403) a request that may not write. A write sent by a web page
    (it carries an Origin header) is refused unless its origin was given with --write-origin,
    whatever token it holds."""
    from server.http.cors import may_write_from

    origin = request.headers.get("Origin")
    if origin is not None and not may_write_from(origin):
        raise ProtocolError(403, f"Writes from web pages of {origin} are not accepted: a writable server takes writes from "
                          "pages only of the origins it was started with (--write-origin); nothing was written.")
    presented = presented_token()
    if presented is None:
        raise ProtocolError(401, "Writing needs the header Authorization: Bearer TOKEN, with the token the server was "
                          "started with (FRONTLINE_TOKEN).", {"WWW-Authenticate": f'Bearer realm="{REALM}"'})
    if not holds_token(token):
        raise ProtocolError(403, "The bearer token is not this server's; nothing was written.")
