"""Extraction: text -> claims (numbers, money, units, dates)."""
