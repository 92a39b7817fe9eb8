"""Rasa SDK custom actions for the assistant; thin adapters over `bot.answers`."""
