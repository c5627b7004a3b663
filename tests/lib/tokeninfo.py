#!/usr/bin/env python3
"""An OAuth2 token-info endpoint for dovecot's oauth2 passdb in tests.

usage: tokeninfo.py TOKEN USER

Serves on 127.0.0.1 (the port is printed on the first line): GET of any
path ending in TOKEN answers that USER is active; any other token gets
401, as a provider answers an expired or revoked one.
"""
import http.server
import json
import sys

TOKEN, USER = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        good = self.path.endswith("=" + TOKEN) or self.path.endswith("/" + TOKEN)
        body = json.dumps({"username": USER, "active": "true"} if good
                          else {"error": "invalid_token"}).encode()
        self.send_response(200 if good else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
