"""The HTTP contract (SPEC §5, §7) as pydantic models: what comes in and what goes out.

Below the services: a use case may take these as its input; the API validates requests
with them and /openapi.json is generated from them. Nothing here reads the database.
"""
