"""What the JSON API and the pages share at the HTTP edge: reading bodies, the public
address, download responses and errors in the contract's shape.

Below `api` and `pages` (which never import each other), above the services.
"""
