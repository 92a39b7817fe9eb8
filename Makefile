# Every command the README names. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/assistant.tar.gz
SPACY_STAMP := build/spacy_model/patterns.json
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONDONTWRITEBYTECODE := 1
# Rasa reports usage and crashes to its servers unless told not to; nothing leaves this machine.
export RASA_TELEMETRY_ENABLED ?= false

.DEFAULT_GOAL := help
.PHONY: help install store spacy train run shell test unit browser services validate stories eval report bench bench-turn prod clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## create .venv and install the pinned dependencies (first use only)

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

store: install ## build or update the remedy store from the article (idempotent)
	@. ops/env.sh && $(BIN)/python -m bot.store.loading

spacy: store ## build the spaCy pipeline (entity patterns from the store)
	@. ops/env.sh && $(BIN)/python -m rasa_addons.nlu.spacy_pipeline

train: spacy ## train the Rasa model, only when its inputs changed
	@$(MAKE) --no-print-directory $(MODEL)

$(MODEL): config.yml domain.yml $(wildcard data/*.yml)
	$(BIN)/python -m rasa_addons train --fixed-model-name assistant --out models --quiet
	@touch $@

run: train ## start the action server and the bot (REST and socket.io on :5005)
	@scripts/run.sh

shell: train ## chat in the terminal (starts the action server too)
	@scripts/shell.sh

validate: install ## check the training data and domain
	$(BIN)/rasa data validate --fail-on-warnings --quiet

browser: ## Debian's chromium (widget tests) and tmux (shell test), installed with apt when missing
	@command -v chromium >/dev/null && command -v tmux >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium tmux >/dev/null; }

services: install ## Debian's PostgreSQL, Redis and nginx (production profile and its tests), installed when missing
	@$(BIN)/python -c "from ops.profile import ensure_installed; ensure_installed()"

prod: train services ## production profile: PostgreSQL, Redis, action server, two Rasa servers, nginx
	@. ops/env.sh && $(BIN)/python -m ops.profile

unit: train browser services ## pytest: content, stores, actions, REST, socket.io, widget in Chromium, shell, channels, production load and faults
	$(BIN)/pytest -q

stories: train ## conversation tests (tests/test_stories.yml)
	@scripts/test_stories.sh

eval: train ## NLU figures on the two held-out files: per-intent precision/recall, out-of-scope rejection
	$(BIN)/python tests/heldout/evaluate.py tests/heldout/nlu.yml $(EVAL_FLAGS)
	$(BIN)/python tests/heldout/evaluate.py tests/heldout/nlu_more.yml $(EVAL_MORE_FLAGS)

test: validate unit stories ## everything CI runs (eval with its floors included)
	@$(MAKE) --no-print-directory eval EVAL_FLAGS="--min-accuracy 0.93 --min-rejection 0.9" \
	  EVAL_MORE_FLAGS="--min-accuracy 0.85 --min-rejection 0.8"

bench: train ## measure latency, throughput, long conversations, start-up, memory, training
	$(BIN)/python ops/bench/bench.py $(BENCH_FLAGS)

bench-turn: train ## one turn in process: Rasa's stock paths against rasa_addons/patches.py, alternating
	@. ops/env.sh && $(BIN)/python ops/bench/bench_turn.py

clean: ## remove built artefacts (keeps .venv)
	rm -rf build models var results .rasa

report: store ## most frequent unanswered questions, grouped by similarity
	@. ops/env.sh && $(BIN)/python -m bot.report
