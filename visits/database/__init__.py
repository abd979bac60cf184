"""The app's own Tortoise clients: the database backends with time limits on every wait.

Tortoise picks a backend by the `engine` module of the config (`client_class` in it), and its
migration runner picks the SQL dialect by that module's name: hence `sqlite_client` and
`asyncpg_client` keep the backend's name in theirs.
"""
