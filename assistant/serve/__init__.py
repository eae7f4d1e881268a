"""`crs-assistant serve`: the Textual app in a browser, through textual-serve, behind a reverse proxy.

    server.py      the web server on loopback: trusts the user header only from the proxy's
                   address, checks the websocket's Origin, starts one app process per tab
    nginx.py       writes the proxy's configuration (nginx.conf.j2) and a self-signed certificate
"""
