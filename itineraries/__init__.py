"""Itinerary documents: one visit → bilingual PDF, calendar files. Imports nothing from
`visits`: the web app turns its records into `itineraries.model` objects and calls in."""
