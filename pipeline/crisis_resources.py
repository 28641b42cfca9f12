"""Crisis resources shown to a person at risk: hotlines, text lines and emergency numbers.

A small built-in table by country (ISO 3166 alpha-2), so a job result can carry resources
without any lookup that could fail; the API serves the same table. Numbers are the
services' published ones; review this table when adding a country.
"""

from __future__ import annotations

from typing import Any

_RESOURCES: dict[str, list[dict[str, Any]]] = {
    "US": [
        {
            "name": "988 Suicide & Crisis Lifeline",
            "type": "hotline",
            "phone": "988",
            "sms": "988",
            "url": "https://988lifeline.org",
            "available_24_7": True,
        },
        {
            "name": "Crisis Text Line",
            "type": "text_line",
            "sms": "741741",
            "keyword": "HOME",
            "url": "https://www.crisistextline.org",
            "available_24_7": True,
        },
        {"name": "Emergency services", "type": "emergency", "phone": "911", "available_24_7": True},
    ],
    "CA": [
        {
            "name": "9-8-8 Suicide Crisis Helpline",
            "type": "hotline",
            "phone": "988",
            "sms": "988",
            "url": "https://988.ca",
            "available_24_7": True,
        },
        {
            "name": "Crisis Text Line (Kids Help Phone)",
            "type": "text_line",
            "sms": "686868",
            "keyword": "CONNECT",
            "available_24_7": True,
        },
        {"name": "Emergency services", "type": "emergency", "phone": "911", "available_24_7": True},
    ],
    "GB": [
        {
            "name": "Samaritans",
            "type": "hotline",
            "phone": "116 123",
            "url": "https://www.samaritans.org",
            "available_24_7": True,
        },
        {
            "name": "Shout (Crisis Text Line UK)",
            "type": "text_line",
            "sms": "85258",
            "keyword": "SHOUT",
            "available_24_7": True,
        },
        {"name": "Emergency services", "type": "emergency", "phone": "999", "available_24_7": True},
    ],
    "IE": [
        {
            "name": "Samaritans Ireland",
            "type": "hotline",
            "phone": "116 123",
            "available_24_7": True,
        },
        {
            "name": "Text About It (Crisis Text Line Ireland)",
            "type": "text_line",
            "sms": "50808",
            "keyword": "HELLO",
            "available_24_7": True,
        },
        {"name": "Emergency services", "type": "emergency", "phone": "112", "available_24_7": True},
    ],
    "AU": [
        {
            "name": "Lifeline Australia",
            "type": "hotline",
            "phone": "13 11 14",
            "sms": "0477 13 11 14",
            "url": "https://www.lifeline.org.au",
            "available_24_7": True,
        },
        {"name": "Emergency services", "type": "emergency", "phone": "000", "available_24_7": True},
    ],
}
# Anywhere else: the international emergency number and a directory of helplines.
_FALLBACK = [
    {"name": "Emergency services", "type": "emergency", "phone": "112", "available_24_7": True},
    {
        "name": "Find a Helpline (international directory)",
        "type": "directory",
        "url": "https://findahelpline.com",
        "available_24_7": True,
    },
]


def resources_for(country: str | None) -> list[dict[str, Any]]:
    """The resources for a country (copies, safe to hand out), the fallback when unknown."""
    rows = _RESOURCES.get((country or "").upper(), _FALLBACK)
    return [dict(row, country=(country or "").upper() or None) for row in rows]


def known_countries() -> list[str]:
    return sorted(_RESOURCES)
