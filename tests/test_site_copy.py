"""tests/site_copy.py's server, which the browser tests and the benchmark load the site from."""

from __future__ import annotations

import socket
import struct
import time
import urllib.request

from site_copy import serve


def test_a_client_gone_mid_response_is_not_reported_as_an_error(tmp_path, capfd):
    """A browser that cancels a request (a navigation, a closed context) resets the
    connection; the server says nothing of it, and goes on serving."""
    (tmp_path / "big.bin").write_bytes(bytes(8 << 20))  # more than a socket's buffers
    (tmp_path / "index.html").write_text("<p>still here</p>", encoding="utf-8")
    with serve(tmp_path) as (base, counter):
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        for _ in range(3):
            client = socket.create_connection(("127.0.0.1", port))
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            client.recv(1024)  # the response has begun
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()  # reset, as a cancelled request is
        time.sleep(0.5)  # the handlers meet the reset
        with urllib.request.urlopen(base) as response:
            assert b"still here" in response.read()
        assert ("/big.bin", 8 << 20) not in counter.take()  # no whole body was sent
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err
