# Every command the README names. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/assistant.tar.gz
PYTEST := $(BIN)/python -m pytest -q
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONDONTWRITEBYTECODE := 1
# Rasa reports usage and crashes to its servers unless told not to; nothing leaves this machine.
export RASA_TELEMETRY_ENABLED ?= false

.DEFAULT_GOAL := help
.PHONY: help install store spacy train run shell prod check lint unit integration fuzz widget \
	production stories eval validate test browser services bench bench-turn report clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# Set-up ------------------------------------------------------------------------------------

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

browser: ## Debian's chromium (widget tests) and tmux (shell test), installed with apt when missing
	@command -v chromium >/dev/null && command -v tmux >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium tmux >/dev/null; }

services: install ## Debian's PostgreSQL, Redis and nginx (production profile and its tests), installed when missing
	@$(BIN)/python -c "from ops.profile import ensure_installed; ensure_installed()"

# Running -----------------------------------------------------------------------------------

run: train ## start the action server and the bot (REST and socket.io on :5005); Ctrl-C stops both
	@. ops/env.sh && $(BIN)/python -m ops.launcher run

shell: train ## chat in the terminal (starts the action server too)
	@. ops/env.sh && $(BIN)/python -m ops.launcher shell

prod: train services ## production profile: PostgreSQL, Redis, action server, two Rasa servers, nginx
	@. ops/env.sh && $(BIN)/python -m ops.profile

# Checks, fastest first ---------------------------------------------------------------------

check: lint unit ## lint, format check and the pure-Python tests: no model, no system packages (seconds)

lint: install ## ruff check and ruff format --check over the project
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: install ## pytest tests/unit: content, store, answers, actions, safety, settings (no model)
	$(PYTEST) tests/unit

integration: train browser services ## pytest tests/integration: REST, socket.io, Slack, Telegram, shell, faults, stores, against the running assistant
	$(PYTEST) tests/integration

FUZZ_EXAMPLES ?= 10000
fuzz: train ## pytest tests/fuzz: Hypothesis-generated REST and socket.io requests against the running assistant (10,000; FUZZ_EXAMPLES)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) tests/fuzz

widget: train browser ## pytest tests/browser: the web widget in headless Chromium
	$(PYTEST) tests/browser

production: train services ## pytest tests/production: the production profile under load and faults
	$(PYTEST) tests/production

validate: install ## check the training data and domain
	$(BIN)/python -m rasa_addons data validate --fail-on-warnings --quiet

stories: train ## conversation tests (tests/test_stories.yml) against a real action server
	@$(BIN)/python -m ops.launcher stories

eval: train ## held-out figures through the server's code path: plain questions, then one table per kind of message
	$(BIN)/python tests/heldout/evaluate.py tests/heldout/nlu.yml $(EVAL_FLAGS)
	$(BIN)/python tests/heldout/evaluate.py tests/heldout/nlu_more.yml $(EVAL_MORE_FLAGS)
	$(BIN)/python tests/heldout/understand.py tests/heldout/understanding.yml $(UNDERSTAND_FLAGS)
	$(BIN)/python tests/heldout/understand.py tests/heldout/understanding_fresh.yml

test: ## everything CI runs: check, then validate, integration, fuzz (200 requests), widget, production, stories, eval (with floors)
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory validate integration fuzz widget production stories FUZZ_EXAMPLES=200
	@$(MAKE) --no-print-directory eval EVAL_FLAGS="--min-accuracy 0.96 --min-rejection 0.9" \
	  EVAL_MORE_FLAGS="--min-accuracy 0.88 --min-rejection 0.8" UNDERSTAND_FLAGS="--floors"

# Measuring and reporting -------------------------------------------------------------------

bench: train ## measure latency, throughput, long conversations, start-up, memory, training
	$(BIN)/python -m ops.bench.bench $(BENCH_FLAGS)

bench-turn: train ## one turn in process: Rasa's stock paths against rasa_addons/patches.py, alternating
	@. ops/env.sh && $(BIN)/python -m ops.bench.bench_turn

report: store ## prune questions older than RETENTION_DAYS, print a summary, write var/report/index.html
	@. ops/env.sh && $(BIN)/python -m bot.report

clean: ## remove built artefacts (keeps .venv)
	rm -rf build models var results .rasa
