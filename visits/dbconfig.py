"""Entry point for Tortoise's own CLI (`tortoise makemigrations`, `tortoise migrate`)."""

from visits.settings import load_settings

TORTOISE_ORM = load_settings().tortoise_config()
