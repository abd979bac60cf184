"""Hosts' own calendars (SPEC §7.7): fetching a URL a user typed without becoming an SSRF
hole, reading busy times out of ICS and CalDAV, and sealing the passwords they need.

Beside the layers like `visits.mail`: the services use it, it uses neither the store nor
the HTTP layers.
"""
