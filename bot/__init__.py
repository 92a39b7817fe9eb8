"""The FAQ assistant without Rasa: the article's content (`bot.content`), the remedy store
(`bot.store`), the answers (`bot.answers`) in the assistant's own words (`bot.wording`), the
warning-sign check (`bot.safety`), the unanswered-questions report (`bot.report`) and the
settings read from the environment (`bot.settings`). Data flows one way: article -> content
-> store -> answers -> reply.

Needs PyYAML and SQLAlchemy; nothing here imports Rasa.
"""
