"""What Rasa loads by name from this project, and the command line that starts Rasa with it.

Channels (credentials.yml), the tracker and lock stores (endpoints.yml), NLU components
(config.yml, in rasa_addons.nlu), the generators of var/credentials.yml and var/endpoints.yml,
the replacements of Rasa functions that have no seam (patches.py), and `python -m rasa_addons`
(Rasa's CLI with those replacements installed). Importing the package does nothing else.

Needs: Rasa 3.6.21 for everything that imports Rasa; bot/ for settings and content.
"""
