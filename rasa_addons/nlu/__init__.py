"""NLU parts named in config.yml: the spaCy pipeline's builder (spacy_pipeline), and Rasa
components registered with DefaultV1Recipe (payload_only, count_vectors, diet_numpy, clauses).

Needs: Rasa 3.6.21; each module says what else.
"""
