"""JSON API of SPEC §5: thin endpoints that validate, call a service, and present."""
