"""A loopback HTTP server for configs fetched over HTTP (CONTROLLER_/EXECUTOR_HTTP_FETCH): it answers
GET <path> with files[path], only to a request whose Authorization header is exactly the expected
one, and records the paths asked so a test can tell who fetched what."""
import http.server
import threading


class ConfigServer:
    def __init__(self, files, authorization):
        asked = self.asked = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                asked.append(self.path)
                body = files.get(self.path)
                code = 401 if self.headers.get("Authorization") != authorization else (
                    404 if body is None else 200)
                self.send_response(code)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
